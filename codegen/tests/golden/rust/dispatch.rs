/// Every operation of the spec, in document order.
pub static OPERATIONS: &[crate::ops::OperationInfo] = &[
    crate::ops::OperationInfo {
        id: "listWidgets",
        snake_name: "list_widgets",
        method: "GET",
        path: "/api/v1/organization/{orgname}/widget/",
        tag: "widget",
        summary: Some("List an organization's widgets"),
        description: Some("Lists the widgets of an organization, one page at a time."),
        params: &[
            crate::ops::ParamInfo {
                name: "orgname",
                snake_name: "orgname",
                location: crate::ops::Location::Path,
                required: true,
                description: Some("The organization."),
            },
            crate::ops::ParamInfo {
                name: "onlyActive",
                snake_name: "only_active",
                location: crate::ops::Location::Query,
                required: false,
                description: Some("Only widgets in use."),
            },
            crate::ops::ParamInfo {
                name: "next_page",
                snake_name: "next_page",
                location: crate::ops::Location::Query,
                required: false,
                description: Some("The token of the page to fetch."),
            },
        ],
        body: None,
        paging: Some(crate::ops::PagingInfo::NextPage {
            items: "widgets",
        }),
        already_exists: &[],
        media_type: "application/json",
    },
    crate::ops::OperationInfo {
        id: "createWidget",
        snake_name: "create_widget",
        method: "POST",
        path: "/api/v1/organization/{orgname}/widget/",
        tag: "widget",
        summary: Some("Create a widget"),
        description: Some("Creates a widget in an organization."),
        params: &[
            crate::ops::ParamInfo {
                name: "orgname",
                snake_name: "orgname",
                location: crate::ops::Location::Path,
                required: true,
                description: Some("The organization."),
            },
        ],
        body: Some(crate::ops::BodyInfo {
            schema: "NewWidget",
            required: true,
            fields: &["name", "colour", "size", "expiration"],
            required_fields: &["name", "colour"],
            field_schemas: &[("name", "WidgetName"), ("colour", "Colour")],
            future_fields: &["expiration"],
        }),
        paging: None,
        already_exists: &["already exists"],
        media_type: "application/json",
    },
    crate::ops::OperationInfo {
        id: "deleteWidget",
        snake_name: "delete_widget",
        method: "DELETE",
        path: "/api/v1/organization/{orgname}/widget/{widgetname}",
        tag: "widget",
        summary: Some("Delete a widget"),
        description: Some("Deletes a widget | for good."),
        params: &[
            crate::ops::ParamInfo {
                name: "orgname",
                snake_name: "orgname",
                location: crate::ops::Location::Path,
                required: true,
                description: Some("The organization."),
            },
            crate::ops::ParamInfo {
                name: "widgetname",
                snake_name: "widgetname",
                location: crate::ops::Location::Path,
                required: true,
                description: Some("The widget."),
            },
        ],
        body: None,
        paging: None,
        already_exists: &[],
        media_type: "application/json",
    },
];
/// The rules of the spec's constrained string types, by schema name.
pub(crate) static CONSTRAINTS: &[(&str, &str)] = &[
    ("Colour", "A widget's colour. (one of: red, green, blue)"),
    ("Namespace", "A user or organization name. (pattern ^[a-z0-9_]{2,255}$)"),
    ("WidgetName", "A widget's name. (pattern ^[a-z][a-z0-9-]{0,63}$)"),
];
/// Converts and checks the arguments of a call by operationId (names, digests, enums,
/// required and unknown keys) into progenitor's typed request, sending nothing; the
/// request is sent when the returned future is awaited.
pub(crate) fn prepare<'a>(
    client: &'a Client,
    args: &mut crate::args::Args,
) -> crate::Result<crate::args::Prepared<'a>> {
    match args.operation().id {
        "listWidgets" => prepare_list_widgets(client, args),
        "createWidget" => prepare_create_widget(client, args),
        "deleteWidget" => prepare_delete_widget(client, args),
        other => Err(crate::Error::invalid_input(format!("unknown operation `{other}`"))),
    }
}
/// Decodes a success body of an operation into its generated type and back to JSON;
/// `None` when the operation's success has no body.
pub fn decode_success(
    operation_id: &str,
    body: ::serde_json::Value,
) -> Option<Result<::serde_json::Value, ::serde_json::Error>> {
    match operation_id {
        "listWidgets" => {
            Some(
                serde_json::from_value::<types::WidgetList>(body)
                    .and_then(|v| serde_json::to_value(v)),
            )
        }
        "createWidget" => {
            Some(
                serde_json::from_value::<types::Widget>(body)
                    .and_then(|v| serde_json::to_value(v)),
            )
        }
        _ => None,
    }
}
/// `prepare` for listWidgets.
fn prepare_list_widgets<'a>(
    client: &'a Client,
    args: &mut crate::args::Args,
) -> crate::Result<crate::args::Prepared<'a>> {
    let mut b = client.list_widgets();
    if let Some(v) = args.take::<types::Namespace>("orgname", "orgname")? {
        b = b.orgname(v);
    }
    if let Some(v) = args.take::<bool>("onlyActive", "only_active")? {
        b = b.only_active(v);
    }
    if let Some(v) = args.take::<::std::string::String>("next_page", "next_page")? {
        b = b.next_page(v);
    }
    args.finish()?;
    Ok(
        Box::pin(async move {
            let (value, raw) = crate::hooks::observe(&OPERATIONS[0], true, b.send())
                .await?;
            crate::args::output(&OPERATIONS[0], value, raw)
        }),
    )
}
impl<'a> builder::ListWidgets<'a> {
    /// Sends the request (`listWidgets`: `GET /api/v1/organization/{orgname}/widget/`) and returns the decoded success value,
    /// or a [`crate::Error`] naming the call.
    pub async fn call(self) -> crate::Result<types::WidgetList> {
        crate::hooks::observe(&OPERATIONS[0], false, self.send())
            .await
            .map(|(value, _)| value)
    }
}
impl<'a> builder::ListWidgets<'a> {
    /// Streams every item of `listWidgets` lazily, fetching one page at a time.
    pub fn stream(self) -> crate::paging::ItemStream<'a, types::Widget> {
        crate::paging::item_stream(
            crate::paging::Style::NextPage,
            move |cursor| {
                let b = self.clone();
                Box::pin(async move {
                    let b = match cursor {
                        crate::paging::Cursor::Start => b,
                        crate::paging::Cursor::Token(t) => b.next_page(t),
                        _ => b,
                    };
                    let r = b.call().await?;
                    let next = crate::paging::Next::token(r.next_page);
                    Ok(crate::paging::Page {
                        items: crate::paging::Items::items(r.widgets),
                        next,
                    })
                })
            },
        )
    }
}
/// `prepare` for createWidget.
fn prepare_create_widget<'a>(
    client: &'a Client,
    args: &mut crate::args::Args,
) -> crate::Result<crate::args::Prepared<'a>> {
    let mut b = client.create_widget();
    if let Some(v) = args.take::<types::Namespace>("orgname", "orgname")? {
        b = b.orgname(v);
    }
    if let Some(v) = args.body::<types::NewWidget>()? {
        b = b.body(v);
    }
    args.finish()?;
    Ok(
        Box::pin(async move {
            let (value, raw) = crate::hooks::observe(&OPERATIONS[1], true, b.send())
                .await?;
            crate::args::output(&OPERATIONS[1], value, raw)
        }),
    )
}
impl<'a> builder::CreateWidget<'a> {
    /// Sends the request (`createWidget`: `POST /api/v1/organization/{orgname}/widget/`) and returns the decoded success value,
    /// or a [`crate::Error`] naming the call.
    pub async fn call(self) -> crate::Result<types::Widget> {
        crate::hooks::observe(&OPERATIONS[1], false, self.send())
            .await
            .map(|(value, _)| value)
    }
}
impl ::std::convert::TryFrom<::serde_json::Value> for types::NewWidget {
    type Error = String;
    /// Reads the body from JSON (as written in a curl command), refusing unknown
    /// fields and values that break the spec's rules, with messages naming them.
    fn try_from(value: ::serde_json::Value) -> Result<Self, String> {
        match &OPERATIONS[1].body {
            Some(info) => crate::args::parse_body(info, value),
            None => ::serde_json::from_value(value).map_err(|e| e.to_string()),
        }
    }
}
/// `prepare` for deleteWidget.
fn prepare_delete_widget<'a>(
    client: &'a Client,
    args: &mut crate::args::Args,
) -> crate::Result<crate::args::Prepared<'a>> {
    let mut b = client.delete_widget();
    if let Some(v) = args.take::<types::Namespace>("orgname", "orgname")? {
        b = b.orgname(v);
    }
    if let Some(v) = args.take::<types::WidgetName>("widgetname", "widgetname")? {
        b = b.widgetname(v);
    }
    args.finish()?;
    Ok(
        Box::pin(async move {
            let (value, raw) = crate::hooks::observe(&OPERATIONS[2], true, b.send())
                .await?;
            crate::args::output(&OPERATIONS[2], value, raw)
        }),
    )
}
impl<'a> builder::DeleteWidget<'a> {
    /// Sends the request (`deleteWidget`: `DELETE /api/v1/organization/{orgname}/widget/{widgetname}`) and returns the decoded success value,
    /// or a [`crate::Error`] naming the call.
    pub async fn call(self) -> crate::Result<()> {
        crate::hooks::observe(&OPERATIONS[2], false, self.send())
            .await
            .map(|(value, _)| value)
    }
}
impl crate::IntoField<types::Colour> for types::Colour {
    fn into_field(self) -> Result<types::Colour, String> {
        Ok(self)
    }
}
impl crate::IntoField<types::Colour> for &str {
    fn into_field(self) -> Result<types::Colour, String> {
        types::Colour::try_from(self)
            .map_err(|_| {
                format!(
                    "{:?} is not a valid Colour: {}", self,
                    "A widget's colour. (one of: red, green, blue)"
                )
            })
    }
}
impl crate::IntoField<types::Colour> for String {
    fn into_field(self) -> Result<types::Colour, String> {
        crate::IntoField::<types::Colour>::into_field(self.as_str())
    }
}
impl crate::IntoField<types::Colour> for &String {
    fn into_field(self) -> Result<types::Colour, String> {
        crate::IntoField::<types::Colour>::into_field(self.as_str())
    }
}
impl<T: crate::IntoField<types::Colour>> crate::IntoField<Option<types::Colour>> for T {
    fn into_field(self) -> Result<Option<types::Colour>, String> {
        self.into_field().map(Some)
    }
}
impl crate::IntoField<Option<types::Colour>> for Option<types::Colour> {
    fn into_field(self) -> Result<Option<types::Colour>, String> {
        Ok(self)
    }
}
impl crate::IntoField<types::Namespace> for types::Namespace {
    fn into_field(self) -> Result<types::Namespace, String> {
        Ok(self)
    }
}
impl crate::IntoField<types::Namespace> for &str {
    fn into_field(self) -> Result<types::Namespace, String> {
        types::Namespace::try_from(self)
            .map_err(|_| {
                format!(
                    "{:?} is not a valid Namespace: {}", self,
                    "A user or organization name. (pattern ^[a-z0-9_]{2,255}$)"
                )
            })
    }
}
impl crate::IntoField<types::Namespace> for String {
    fn into_field(self) -> Result<types::Namespace, String> {
        crate::IntoField::<types::Namespace>::into_field(self.as_str())
    }
}
impl crate::IntoField<types::Namespace> for &String {
    fn into_field(self) -> Result<types::Namespace, String> {
        crate::IntoField::<types::Namespace>::into_field(self.as_str())
    }
}
impl<T: crate::IntoField<types::Namespace>> crate::IntoField<Option<types::Namespace>>
for T {
    fn into_field(self) -> Result<Option<types::Namespace>, String> {
        self.into_field().map(Some)
    }
}
impl crate::IntoField<Option<types::Namespace>> for Option<types::Namespace> {
    fn into_field(self) -> Result<Option<types::Namespace>, String> {
        Ok(self)
    }
}
impl crate::IntoField<types::WidgetName> for types::WidgetName {
    fn into_field(self) -> Result<types::WidgetName, String> {
        Ok(self)
    }
}
impl crate::IntoField<types::WidgetName> for &str {
    fn into_field(self) -> Result<types::WidgetName, String> {
        types::WidgetName::try_from(self)
            .map_err(|_| {
                format!(
                    "{:?} is not a valid WidgetName: {}", self,
                    "A widget's name. (pattern ^[a-z][a-z0-9-]{0,63}$)"
                )
            })
    }
}
impl crate::IntoField<types::WidgetName> for String {
    fn into_field(self) -> Result<types::WidgetName, String> {
        crate::IntoField::<types::WidgetName>::into_field(self.as_str())
    }
}
impl crate::IntoField<types::WidgetName> for &String {
    fn into_field(self) -> Result<types::WidgetName, String> {
        crate::IntoField::<types::WidgetName>::into_field(self.as_str())
    }
}
impl<T: crate::IntoField<types::WidgetName>> crate::IntoField<Option<types::WidgetName>>
for T {
    fn into_field(self) -> Result<Option<types::WidgetName>, String> {
        self.into_field().map(Some)
    }
}
impl crate::IntoField<Option<types::WidgetName>> for Option<types::WidgetName> {
    fn into_field(self) -> Result<Option<types::WidgetName>, String> {
        Ok(self)
    }
}
