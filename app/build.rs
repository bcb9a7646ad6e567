// The migrations are embedded by `sqlx::migrate!`, which does not see a migration added to its folder: this
// makes Cargo build the crate again when one is.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations-postgres");
}
