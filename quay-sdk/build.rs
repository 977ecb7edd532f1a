//! Generates the client from `spec/quay.yaml` (see the `quay-codegen` crate).

fn main() {
    println!("cargo:rerun-if-changed=../spec/quay.yaml");
    let generated = match quay_codegen::generate(quay_spec::SPEC_YAML) {
        Ok(g) => g,
        Err(e) => {
            println!("cargo::error={e}");
            return;
        }
    };
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("client.rs"), generated.client).expect("write client.rs");
    std::fs::write(out.join("extras.rs"), generated.extras).expect("write extras.rs");
}
