//! k-anonymity by local suppression (DESIGN.md, privacy rules: "k-anonymity
//! (k = MIN_GROUP) on the background variables"), in the manner of
//! sdcMicro's `localSuppression`, for the researcher microdata.
//!
//! The quasi-identifiers of a row are its institution and its background
//! answers. Within one institution (rows of different institutions never
//! share a combination), every released combination of background values
//! must be shared by at least `k` rows. A value is only ever blanked, never
//! changed; a blank (value 0, which is also how an unanswered question
//! looks) is one category of its own, so a blanked row is only counted as
//! matching the other rows that show the same blanks: conservative.
//!
//! The method: order the variables (fewest categories first, so the coarse,
//! most informative ones survive), and walk the prefix tree of the rows, a
//! level per variable. At a node (rows sharing the first `j` released
//! values), the rows split by their value of variable `j`:
//! - a value given by fewer than `k` rows of the node is blanked, so those
//!   rows join the node's blank category;
//! - when the blank category then holds between 1 and `k - 1` rows, rows
//!   of the largest value that can spare them (keeping at least `k`) are
//!   blanked until it holds `k`; when no value can, the smallest value that
//!   holds at least `k` is blanked as a whole (as the partition rule of
//!   `disclosure.rs` hides the smallest visible part);
//! - every category left holds at least `k` rows and is split further by the
//!   next variable.
//!
//! A node holds at least `k` rows (the root is an institution, whose size the
//! caller checked), so every leaf does too: every released combination has
//! at least `k` rows. No row is removed. Pure: no I/O.

/// Blanks values of the `rows` (indices into `values`, all of one
/// institution, at least `k` of them) until every combination of the
/// released values of the variables in `order` is shared by at least `k` of
/// them. `values` is row-major with `width` values per row; 0 is blank.
/// Adds, per variable, how many given values were blanked to `blanked`
/// (indexed like a row's variables). `rows` is reordered.
pub fn suppress(
    values: &mut [u16],
    width: usize,
    rows: &mut [u32],
    order: &[usize],
    k: usize,
    blanked: &mut [u64],
) {
    debug_assert!(rows.len() >= k, "a node holds at least k rows");
    let Some((&q, rest)) = order.split_first() else {
        return;
    };
    let at = |r: u32| r as usize * width + q;
    rows.sort_unstable_by_key(|&r| values[at(r)]);
    // Runs of equal values: the rare ones (and then, if needed, the smallest
    // other one) are blanked.
    let given = runs(rows, |r| values[at(r)]);
    let mut blank: usize = given
        .iter()
        .filter(|&&(v, len)| v == 0 || len < k)
        .map(|&(_, len)| len)
        .sum();
    // The blank category must not be a small group of its own: when it
    // holds 1..k-1 rows, the largest value that can spare the rows (and
    // keep k) gives just as many as are missing; if none can, the smallest
    // value that holds k is blanked as a whole.
    let mut whole: Vec<u16> = given
        .iter()
        .filter(|&&(v, len)| v != 0 && len < k)
        .map(|&(v, _)| v)
        .collect();
    let mut partial: Option<(u16, usize)> = None;
    if blank > 0 && blank < k {
        let need = k - blank;
        let donor = given
            .iter()
            .filter(|&&(v, len)| v != 0 && len >= k + need)
            .max_by_key(|&&(_, len)| len);
        if let Some(&(v, _)) = donor {
            partial = Some((v, need));
        } else if let Some(&(v, len)) = given
            .iter()
            .filter(|&&(v, len)| v != 0 && len >= k)
            .min_by_key(|&&(_, len)| len)
        {
            whole.push(v);
            blank += len;
        }
        blank += partial.map_or(0, |(_, n)| n);
    }
    debug_assert!(blank == 0 || blank >= k);
    if !whole.is_empty() || partial.is_some() {
        let mut left = partial.map_or(0, |(_, n)| n);
        for &r in rows.iter() {
            let v = &mut values[at(r)];
            let give = match partial {
                Some((d, _)) if *v == d && left > 0 => {
                    left -= 1;
                    true
                }
                _ => false,
            };
            if give || whole.contains(v) {
                *v = 0;
                blanked[q] += 1;
            }
        }
        rows.sort_unstable_by_key(|&r| values[at(r)]);
    }
    // Every category left holds at least k rows: split it by the next variable.
    let mut start = 0;
    for (_, len) in runs(rows, |r| values[at(r)]) {
        suppress(
            values,
            width,
            &mut rows[start..start + len],
            rest,
            k,
            blanked,
        );
        start += len;
    }
}

/// (value, length) of each run of equal keys in `rows` (sorted by key).
fn runs(rows: &[u32], key: impl Fn(u32) -> u16) -> Vec<(u16, usize)> {
    let mut out: Vec<(u16, usize)> = Vec::new();
    for &r in rows {
        let v = key(r);
        match out.last_mut() {
            Some((last, len)) if *last == v => *len += 1,
            _ => out.push((v, 1)),
        }
    }
    out
}

/// The variables in the order they are resolved: fewest categories first
/// (ties in their given order).
pub fn order_by_categories(categories: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..categories.len()).collect();
    order.sort_by_key(|&q| categories[q]);
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Sizes of the released combinations (institution, values).
    fn combinations(inst: &[u32], values: &[u16], width: usize) -> HashMap<Vec<u16>, usize> {
        let mut out: HashMap<Vec<u16>, usize> = HashMap::new();
        for (r, &i) in inst.iter().enumerate() {
            let mut key = vec![i as u16];
            key.extend_from_slice(&values[r * width..(r + 1) * width]);
            *out.entry(key).or_default() += 1;
        }
        out
    }

    /// Runs `suppress` per institution, as the export does.
    fn run(inst: &[u32], values: &mut [u16], width: usize, cats: &[usize], k: usize) -> Vec<u64> {
        let order = order_by_categories(cats);
        let mut blanked = vec![0; width];
        let institutions = inst.iter().max().map_or(0, |&m| m as usize + 1);
        for i in 0..institutions {
            let mut rows: Vec<u32> = (0..inst.len() as u32)
                .filter(|&r| inst[r as usize] == i as u32)
                .collect();
            if rows.len() >= k {
                suppress(values, width, &mut rows, &order, k, &mut blanked);
            }
        }
        blanked
    }

    #[test]
    fn a_rare_answer_is_blanked_and_a_common_one_kept() {
        // 12 rows, one variable: 9 x "1", 3 x "2". With k = 5 the "2"s would
        // form a group of 3, and blanking them alone would leave a blank
        // category of 3: two "1"s are blanked too (7 remain).
        let inst = vec![0; 12];
        let mut values: Vec<u16> = [vec![1; 9], vec![2; 3]].concat();
        let blanked = run(&inst, &mut values, 1, &[2], 5);
        assert_eq!(blanked, [5]);
        assert_eq!(values.iter().filter(|&&v| v == 1).count(), 7);
        assert_eq!(values.iter().filter(|&&v| v == 0).count(), 5);
        // 6 x "1" cannot spare two and keep five: all of them go.
        let inst = vec![0; 9];
        let mut values: Vec<u16> = [vec![1; 6], vec![2; 3]].concat();
        let blanked = run(&inst, &mut values, 1, &[2], 5);
        assert_eq!(values, vec![0; 9]);
        assert_eq!(blanked, [9]);
        // With 20 "1"s and 5 "2"s nothing is blanked.
        let inst = vec![0; 25];
        let mut values: Vec<u16> = [vec![1; 20], vec![2; 5]].concat();
        let blanked = run(&inst, &mut values, 1, &[2], 5);
        assert_eq!(blanked, [0]);
        assert_eq!(values.iter().filter(|&&v| v == 2).count(), 5);
    }

    #[test]
    fn only_the_rare_variable_is_blanked() {
        // Two variables; the second splits the 20 rows into 18 and 2: only
        // the 2 rows' second value goes, together with 3 already blank
        // ones (5 = k: no more needed). The first variable stays.
        let inst = vec![0; 20];
        let mut values = Vec::new();
        for r in 0..20 {
            values.push(1);
            values.push(match r {
                0 | 1 => 3,
                2..=4 => 0,
                _ => 1,
            });
        }
        let blanked = run(&inst, &mut values, 2, &[2, 3], 5);
        assert_eq!(blanked, [0, 2]);
        let combos = combinations(&inst, &values, 2);
        assert_eq!(combos[&vec![0, 1, 0]], 5);
        assert_eq!(combos[&vec![0, 1, 1]], 15);
    }

    #[test]
    fn categories_order_puts_the_coarse_variables_first() {
        assert_eq!(order_by_categories(&[5, 2, 3, 2]), [1, 3, 2, 0]);
    }

    proptest! {
        #[test]
        fn every_released_combination_holds_at_least_k_rows(
            k in 5usize..15,
            width in 0usize..6,
            seed_rows in proptest::collection::vec((0u32..4, proptest::collection::vec(0u16..6, 6)), 0..300),
            cats in proptest::collection::vec(1usize..6, 6),
        ) {
            let inst: Vec<u32> = seed_rows.iter().map(|(i, _)| *i).collect();
            // Values within each variable's categories (0 = not answered).
            let original: Vec<u16> = seed_rows
                .iter()
                .flat_map(|(_, v)| (0..width).map(|q| v[q] % (cats[q] as u16 + 1)).collect::<Vec<_>>())
                .collect();
            let mut values = original.clone();
            let blanked = run(&inst, &mut values, width, &cats[..width], k);
            let mut sizes: HashMap<u32, usize> = HashMap::new();
            for &i in &inst {
                *sizes.entry(i).or_default() += 1;
            }
            // Values are only blanked, never changed, and the count is right.
            let mut counted = vec![0u64; width];
            for (r, &i) in inst.iter().enumerate() {
                for q in 0..width {
                    let (a, b) = (original[r * width + q], values[r * width + q]);
                    prop_assert!(b == a || b == 0, "changed {a} -> {b}");
                    if a != b {
                        counted[q] += 1;
                    }
                    if sizes[&i] < k {
                        prop_assert_eq!(a, b, "small institutions are the caller's");
                    }
                }
            }
            prop_assert_eq!(&counted, &blanked);
            // Every combination of an institution of at least k rows holds
            // at least k rows (so no such institution loses its rows).
            for (key, n) in combinations(&inst, &values, width) {
                if sizes[&u32::from(key[0])] >= k {
                    prop_assert!(n >= k, "{key:?}: {n} rows, k = {k}");
                }
            }
        }
    }
}
