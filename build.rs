fn main() {
    // sqlx::migrate! embeds the migration folders at compile time: a new
    // or changed migration file must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
    // fluent_templates::static_loader! embeds locales/<lang>/*.ftl the same
    // way: a new catalogue file (one per part) must rebuild it too.
    println!("cargo:rerun-if-changed=locales");
}
