//! Generates the client from `spec/quay.yaml` (see the `quay-codegen` crate's `rust` module):
//! `client.rs` (progenitor's client) and `dispatch.rs` (the operation table and the dispatch by
//! operationId) in OUT_DIR, included by `src/lib.rs`.

fn main() {
    // The spec is embedded in the `quay-spec` build-dependency: a change to it rebuilds that
    // crate, which reruns this script. Nothing else outside this package is read (so a packaged
    // `quay-sdk` builds the same way).
    println!("cargo:rerun-if-changed=build.rs");
    let generated = match quay_codegen::rust::generate(quay_spec::SPEC_YAML) {
        Ok(g) => g,
        Err(e) => {
            println!("cargo::error={e}");
            return;
        }
    };
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (name, text) in [("client.rs", generated.client), ("dispatch.rs", generated.dispatch)] {
        if let Err(e) = std::fs::write(out.join(name), text) {
            println!("cargo::error=cannot write {name} into OUT_DIR: {e}");
        }
    }
}
