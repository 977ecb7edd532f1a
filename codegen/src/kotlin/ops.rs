//! `QuayClient.kt`: the client class, with every operation as a `suspend` method (named
//! parameters: path parameters, the body, then query parameters, optional ones defaulting to
//! `null`; a typed result) and an `...All` method returning a `Flow` of the items of every paged
//! operation, plus the table of methods by operationId.

use std::fmt::Write as _;

use crate::model::{Location, Model, Operation, TypeKind, TypeRef};

use super::names::{CLIENT_MEMBERS, kdoc, lit, member};
use super::types::KtNames;
use super::HEADER;

/// One parameter of a method.
struct KtParam {
    /// The Kotlin name, as written (keywords in backticks).
    name: String,
    ty: String,
    default: &'static str,
    /// How to put it into the arguments object (`put("k", v)` or through its serializer).
    put: String,
    doc: String,
}

/// The Kotlin view of one operation.
struct KtOp<'m> {
    op: &'m Operation,
    method: String,
    params: Vec<KtParam>,
    /// The result type and its serializer; `None` for no content.
    returns: Option<(String, String)>,
    /// The item type and its serializer, for paged operations.
    item: Option<(String, String)>,
}

/// Whether values of `t` go into a JSON object with `put` as they are (strings, numbers,
/// booleans and aliases of them).
fn plain_value(model: &Model, t: &TypeRef) -> bool {
    match t {
        TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean | TypeRef::StringEnum(_) | TypeRef::IntegerEnum(_) => true,
        TypeRef::Named(name) => match model.type_named(name).map(|n| &n.kind) {
            Some(TypeKind::Alias(inner)) => !matches!(inner, TypeRef::StringEnum(_)) && plain_value(model, inner),
            _ => false,
        },
        _ => false,
    }
}

impl<'m> KtOp<'m> {
    fn new(op: &'m Operation, model: &Model, names: &KtNames) -> Result<KtOp<'m>, String> {
        let method = member(&op.camel_name).ok_or_else(|| format!("kotlin: operation {} has no Kotlin name", op.id))?;
        if CLIENT_MEMBERS.contains(&method.as_str()) {
            return Err(format!("kotlin: operation {} would take the member name `{method}`", op.id));
        }
        let mut params = Vec::new();
        let mut push = |name: String, key: &str, ty: &TypeRef, required: bool, doc: String| -> Result<(), String> {
            if params.iter().any(|p: &KtParam| p.name == name) {
                return Err(format!("kotlin: {}: two parameters map to `{name}`", op.id));
            }
            let decl = names.decl(ty, required);
            let value = if required { name.clone() } else { "it".to_string() };
            let (inner, nullable) = ty.non_null();
            let put = if (required || !nullable) && plain_value(model, inner) {
                format!("put({}, {value})", lit(key))
            } else {
                let ser = names.serializer(model, ty);
                let ser = if decl.ty.starts_with("Nullable<") { format!("Nullable.serializer({})", names.serializer(model, inner)) } else { ser };
                format!("put({}, QuayJson.encodeToJsonElement({ser}, {value}))", lit(key))
            };
            let put = if required { put } else if decl.ty.starts_with("Nullable<") {
                format!("if ({name} != Nullable.Absent) {}", put.replace(", it)", &format!(", {name})")))
            } else {
                format!("{name}?.let {{ {put} }}")
            };
            params.push(KtParam { name, ty: decl.ty, default: decl.default, put, doc });
            Ok(())
        };
        let doc_of = |p: &crate::model::Param| {
            let mut doc = format!("{} parameter `{}`", if p.location == Location::Path { "Path" } else { "Query" }, p.name);
            if let Some(d) = p.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                doc = format!("{doc}: {d}");
            }
            doc
        };
        for p in op.params.iter().filter(|p| p.location == Location::Path) {
            let name = member(&p.name).ok_or_else(|| format!("kotlin: {}: parameter `{}` has no Kotlin name", op.id, p.name))?;
            push(name, &p.name, &p.ty, p.required, doc_of(p))?;
        }
        if let Some(body) = &op.body {
            let ty = TypeRef::Named(body.type_name.clone());
            let doc = format!("The request body{}.", if body.required { "" } else { " (optional)" });
            push("body".to_string(), "body", &ty, body.required, doc)?;
        }
        for p in op.params.iter().filter(|p| p.location == Location::Query) {
            let name = member(&p.name).ok_or_else(|| format!("kotlin: {}: parameter `{}` has no Kotlin name", op.id, p.name))?;
            push(name, &p.name, &p.ty, p.required, doc_of(p))?;
        }
        let mut types: Vec<&TypeRef> = Vec::new();
        for (_, ty) in &op.successes {
            if let Some(ty) = ty
                && !types.contains(&ty)
            {
                types.push(ty);
            }
        }
        let returns = match types.as_slice() {
            [] => None,
            [one] => Some((names.kt_type(one), names.serializer(model, one))),
            _ => Some(("JsonElement".to_string(), "JsonElement.serializer()".to_string())),
        };
        let item = op.paging.as_ref().map(|p| (names.kt_type(&p.item), names.serializer(model, &p.item)));
        Ok(KtOp { op, method, params, returns, item })
    }

    fn doc(&self, paged: bool) -> String {
        let op = self.op;
        let mut text = String::new();
        if paged {
            let _ = write!(
                text,
                "The items of [{}] across every page, as a cold Flow: a page is fetched when the previous one is used up; collecting again starts over.",
                self.method
            );
        } else {
            let summary = op.summary.as_deref().unwrap_or(&op.id).trim().trim_end_matches('.');
            let _ = write!(text, "{} ({} {}): {summary}.", op.id, op.method, op.path);
            if let Some(d) = op.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                text.push_str("\n\n");
                text.push_str(d);
            }
        }
        let mut out = kdoc(&text, "    ");
        if !self.params.is_empty() {
            // The parameters as @param lines, inside the comment.
            out.truncate(out.len() - "     */\n".len());
            out.push_str("     *\n");
            for p in &self.params {
                let wrapped = crate::text::wrap(&format!("@param {} {}", p.name.trim_matches('`'), p.doc), 90);
                for (i, line) in wrapped.lines().enumerate() {
                    let _ = writeln!(out, "     *{}{line}", if i == 0 { " " } else { "   " });
                }
            }
            out.push_str("     */\n");
        }
        out
    }

    /// The parameter list and the arguments object's builder.
    fn signature(&self) -> (String, String) {
        let mut sig = String::new();
        let mut args = String::from("buildJsonObject {\n");
        for p in &self.params {
            let _ = writeln!(sig, "        {}: {}{},", p.name, p.ty, p.default);
            let _ = writeln!(args, "            {}", p.put);
        }
        args.push_str("        }");
        if self.params.is_empty() {
            args = "NO_ARGUMENTS".to_string();
        }
        (sig, args)
    }
}

/// The file of the client class.
pub fn render(model: &Model, names: &KtNames) -> Result<String, String> {
    let ops = model.operations.iter().map(|op| KtOp::new(op, model, names)).collect::<Result<Vec<_>, _>>()?;
    crate::model::names::distinct_methods("kotlin", CLIENT_MEMBERS, ops.iter().map(|op| (op.method.as_str(), op.item.is_some())))?;
    let mut out = String::from(HEADER);
    out.push_str(
        "@file:Suppress(\"ktlint\", \"RedundantVisibilityModifier\", \"UNUSED_ANONYMOUS_PARAMETER\")\n\npackage io.quaysdk\n\n\
         import kotlinx.coroutines.flow.Flow\nimport kotlinx.serialization.builtins.ListSerializer\n\
         import kotlinx.serialization.builtins.MapSerializer\nimport kotlinx.serialization.builtins.nullable\n\
         import kotlinx.serialization.builtins.serializer\nimport kotlinx.serialization.json.JsonElement\n\
         import kotlinx.serialization.json.JsonObject\nimport kotlinx.serialization.json.buildJsonObject\n\
         import kotlinx.serialization.json.put\n\n",
    );
    out.push_str(&kdoc(
        "A Quay client: every operation of Quay's API as a `suspend` method with named parameters and a typed result, and every paged list also as a `Flow` of its items (`...All`). Safe to share between threads and coroutines; cancelling a coroutine cancels its request. Errors are [QuayException]s, one class per stable code. Close it (or `use` it) to free its connections.",
        "",
    ));
    out.push_str("public class QuayClient(config: QuayConfig) : QuayClientBase(config) {\n");
    out.push_str("    public companion object {\n");
    out.push_str("        /** A client from `QUAY_REGISTRY`, `QUAY_TOKEN` and `QUAY_CA_BUNDLE`. */\n");
    out.push_str("        public fun fromEnv(): QuayClient = QuayClient(QuayConfig(fromEnv = true))\n\n");
    out.push_str("        /** The method of every operation, by operationId (for tools and tests). */\n");
    out.push_str("        public val OPERATION_METHODS: Map<String, String> = mapOf(\n");
    for op in &ops {
        let _ = writeln!(out, "            {} to {},", lit(&op.op.id), lit(op.method.trim_matches('`')));
    }
    out.push_str("        )\n    }\n");
    for op in &ops {
        let (sig, args) = op.signature();
        let id = lit(&op.op.id);
        out.push('\n');
        out.push_str(&op.doc(false));
        let head = if sig.is_empty() { format!("    public suspend fun {}()", op.method) } else { format!("    public suspend fun {}(\n{sig}    )", op.method) };
        match &op.returns {
            None => {
                let _ = writeln!(out, "{head} {{\n        invokeUnit({id}, {args})\n    }}");
            }
            Some((ty, ser)) => {
                let _ = writeln!(out, "{head}: {ty} =\n        invoke({id}, {args}, {ser})");
            }
        }
        if let Some((item, ser)) = &op.item {
            out.push('\n');
            out.push_str(&op.doc(true));
            let head = if sig.is_empty() { format!("    public fun {}All()", op.method) } else { format!("    public fun {}All(\n{sig}    )", op.method) };
            let _ = writeln!(out, "{head}: Flow<{item}> =\n        pages({id}, {args}, {ser})");
        }
    }
    out.push_str("}\n");
    Ok(out)
}
