//! Test fixtures shared by the surfaces' generators.

/// A one-operation spec: a PUT with a path and a query parameter and a body whose type has a
/// referenced enum (with a value that is not an identifier), a nullable and a snake_case field.
/// The Go and Kotlin generators' tests check what a new operation becomes against it.
pub(crate) const WIDGET_SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/v1/widget/{name}:
    put:
      operationId: putWidget
      tags: [widget]
      summary: Put a widget
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
        - {name: dryRun, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
components:
  schemas:
    Colour: {type: string, enum: [red, dark-blue]}
    Widget:
      type: object
      required: [colour]
      properties:
        colour: {$ref: '#/components/schemas/Colour'}
        size: {type: integer, nullable: true}
        widget_id: {type: string}
"#;
