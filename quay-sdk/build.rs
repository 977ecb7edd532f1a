//! Generates the client from `spec/quay.yaml` (see the `quay-codegen` crate's `rust` module):
//! `client.rs` (progenitor's client) and `dispatch.rs` (the operation table and the dispatch by
//! operationId) in OUT_DIR, included by `src/lib.rs`.

fn main() {
    println!("cargo:rerun-if-changed=../spec/quay.yaml");
    let generated = match quay_codegen::rust::generate(quay_spec::SPEC_YAML) {
        Ok(g) => g,
        Err(e) => {
            println!("cargo::error={e}");
            return;
        }
    };
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("client.rs"), generated.client).expect("write client.rs");
    std::fs::write(out.join("dispatch.rs"), generated.dispatch).expect("write dispatch.rs");
}
