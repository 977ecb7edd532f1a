//! Renders the CLI's command table (`table.rs` in OUT_DIR, included by `src/table.rs`) from the
//! spec with quay-codegen's `cli` module, so that the binary builds its commands from data at
//! run time without parsing the spec.

fn main() {
    // The spec is embedded in the `quay-spec` build-dependency: a change to it rebuilds that
    // crate, which reruns this script.
    println!("cargo:rerun-if-changed=build.rs");
    let text = match quay_codegen::cli::generate(quay_spec::SPEC_YAML) {
        Ok(t) => t,
        Err(e) => {
            println!("cargo::error={e}");
            return;
        }
    };
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(e) = std::fs::write(out.join("table.rs"), text) {
        println!("cargo::error=cannot write table.rs into OUT_DIR: {e}");
    }
}
