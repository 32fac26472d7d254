fn main() {
    // sqlx::migrate! embeds the migration folders at compile time: a new
    // or changed migration file must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
}
