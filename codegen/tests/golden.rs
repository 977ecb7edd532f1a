//! Golden tests of the generators: their output for the tiny spec of `fixtures/widgets.yaml`
//! (a paged list, a create whose body has a named string field and an enum, a delete) must
//! equal the files under `golden/`. `UPDATE_GOLDEN=1 cargo test -p quay-codegen` rewrites them
//! (then read the diff).

use std::path::{Path, PathBuf};

use quay_codegen::model::Model;
use quay_codegen::{GeneratedFile, python, readme, rust};

const FIXTURE: &str = include_str!("fixtures/widgets.yaml");
const README: &str = include_str!("fixtures/README.md");

/// Where the Rust dispatch rendering's golden lives, under `golden/`.
const RUST_DISPATCH: &str = "rust/dispatch.rs";

/// Every generator's output for a spec: the Python files, the README, the Rust dispatch.
fn outputs(yaml: &str) -> Vec<GeneratedFile> {
    let model = Model::from_yaml(yaml).expect("the fixture builds a model");
    let mut files = python::files(&model).expect("the Python generator takes the fixture");
    files.extend(readme::files(&model, README).expect("the README generator takes the fixture"));
    let rust = rust::generate(yaml).expect("the Rust generator takes the fixture");
    files.push(GeneratedFile::new(RUST_DISPATCH, rust.dispatch));
    files
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_path_buf());
        }
    }
}

#[test]
fn the_generators_output_equals_the_goldens() {
    let dir = golden_dir();
    let files = outputs(FIXTURE);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for f in &files {
            let path = dir.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.contents).unwrap();
        }
        return;
    }
    let mut drifted = Vec::new();
    for f in &files {
        if std::fs::read_to_string(dir.join(&f.path)).ok().as_deref() != Some(f.contents.as_str()) {
            drifted.push(f.path.display().to_string());
        }
    }
    let mut stored = Vec::new();
    files_under(&dir, &dir, &mut stored);
    let extra: Vec<String> =
        stored.iter().filter(|p| !files.iter().any(|f| &f.path == *p)).map(|p| p.display().to_string()).collect();
    assert!(
        drifted.is_empty() && extra.is_empty(),
        "generated files differ from codegen/tests/golden: {drifted:?}; goldens no generator writes: {extra:?} \
         (if the change is meant, run `UPDATE_GOLDEN=1 cargo test -p quay-codegen` and read the diff)"
    );
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(e, a)| e != a);
    let n = line.unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!(
        "line {}: expected {:?}, got {:?}",
        n + 1,
        expected.lines().nth(n).unwrap_or("<end>"),
        actual.lines().nth(n).unwrap_or("<end>")
    )
}

/// Renaming one parameter of one operation renames it, and only it, in every output: the Python
/// keyword argument and docstrings, the README's path, the Rust dispatch's setter and table.
/// (The new name has the old one's length, so that no line wraps differently.)
#[test]
fn renaming_a_parameter_changes_each_output_accordingly() {
    let renamed = FIXTURE.replace("widgetname", "widget_key");
    assert_ne!(renamed, FIXTURE, "the fixture has a `widgetname` parameter");
    let before = outputs(FIXTURE);
    let after = outputs(&renamed);
    assert_eq!(before.len(), after.len());
    let mut showing = Vec::new();
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.path, new.path);
        let expected = old.contents.replace("widgetname", "widget_key");
        assert!(new.contents == expected, "{}: {}", old.path.display(), first_difference(&expected, &new.contents));
        if old.contents.contains("widgetname") {
            showing.push(old.path.to_string_lossy().into_owned());
        }
    }
    // Every output that names parameters changed (the types modules name none).
    let expected = [
        "quay-py/python/quay_sdk/_operations.py",
        "quay-py/python/quay_sdk/_operations.pyi",
        "README.md",
        RUST_DISPATCH,
    ];
    assert_eq!(showing, expected);
    // The Python signature of the delete, precisely.
    let stub = &after.iter().find(|f| f.path.ends_with("_operations.pyi")).unwrap().contents;
    assert!(stub.contains("def delete_widget(self, *, orgname: Namespace, widget_key: WidgetName) -> None:"), "{stub}");
}

/// The model names inline objects after their place, the same for every language.
#[test]
fn the_model_names_inline_objects_and_keeps_the_rules() {
    let model = Model::from_yaml(FIXTURE).unwrap();
    let owner = model.type_named("WidgetOwner").expect("the inline owner object is named WidgetOwner");
    assert_eq!(owner.schema, None);
    assert_eq!(owner.doc.as_deref(), Some("Who made it."));
    let rules = model.string_rules();
    assert_eq!(rules["WidgetName"], "A widget's name. (pattern ^[a-z][a-z0-9-]{0,63}$)");
    assert_eq!(rules["Colour"], "A widget's colour. (one of: red, green, blue)");
    let create = model.operations.iter().find(|o| o.id == "createWidget").unwrap();
    let body = create.body.as_ref().unwrap();
    let name = body.fields.iter().find(|f| f.name == "name").unwrap();
    assert_eq!(name.schema.as_deref(), Some("WidgetName"));
    assert!(body.fields.iter().any(|f| f.name == "expiration" && f.future));
    assert_eq!(create.already_exists, ["already exists"]);
    let list = model.operations.iter().find(|o| o.id == "listWidgets").unwrap();
    assert_eq!(list.paging.as_ref().unwrap().item, quay_codegen::model::TypeRef::Named("Widget".into()));
    assert_eq!(list.params[1].snake_name, "only_active");
}
