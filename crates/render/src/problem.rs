//! A request the planner cannot answer, rendered for whatever asked: the API's JSON, the form
//! again with each error beside its field, Markdown, the embed page, an SVG image, plain text.
//! Every face shows the same errors from the same [`FieldErrors`].

use crate::pages::{self, Pairs};
use crate::{Site, chart, render};
use askama::Template;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FieldError, FieldErrors};
use serde::Serialize;
use std::fmt::Write as _;

/// Where the errors are shown.
pub enum Face<'a> {
    /// `{"error": {"field", "message"}, "errors": […]}`.
    Json,
    /// The form again, filled from what the user typed, each error beside its field.
    Form {
        /// The page frame.
        site: Site<'a>,
        /// The table the form's choices come from.
        table: &'a PricingTable,
        /// What the user typed.
        pairs: &'a Pairs<'a>,
    },
    /// A Markdown list, each field name in a code span.
    Markdown,
    /// The chrome-less page for iframes.
    Embed,
    /// An image that says what to fix, where a chart or card was asked for.
    Svg,
    /// Plain text, one error a line.
    Text,
}

/// A rendered error: its content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The `Content-Type` of the body.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

/// The body of every API error.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"error": {"field": "azs", "message": "Availability Zones must be a whole number from 1 to 6 AZs; got \"9\""}, "errors": [{"field": "azs", "message": "Availability Zones must be a whole number from 1 to 6 AZs; got \"9\""}]})))]
pub struct ErrorBody<'a> {
    /// What went wrong first.
    pub error: ErrorDetail<'a>,
    /// Everything that went wrong, in field order.
    pub errors: Vec<ErrorDetail<'a>>,
}

/// What went wrong, and where.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail<'a> {
    /// The offending field, or null when no single field is at fault.
    pub field: Option<&'a str>,
    /// What is wrong and what to do instead.
    pub message: &'a str,
}

impl<'a> ErrorBody<'a> {
    /// The body of a list of errors (the first one is `error`).
    pub fn of(errors: &'a [FieldError]) -> ErrorBody<'a> {
        fn detail(e: &FieldError) -> ErrorDetail<'_> {
            ErrorDetail {
                field: e.field.as_deref(),
                message: &e.message,
            }
        }
        ErrorBody {
            error: errors.first().map_or(
                ErrorDetail {
                    field: None,
                    message: "error",
                },
                detail,
            ),
            errors: errors.iter().map(detail).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "embed_error.html")]
struct EmbedError<'a> {
    errors: &'a FieldErrors,
}

#[derive(Template)]
#[template(path = "error.svg")]
struct ErrorSvg {
    lines: Vec<String>,
}

/// The errors as `face` shows them.
pub fn render_errors(errors: &FieldErrors, face: Face<'_>) -> Result<Rendered, askama::Error> {
    let (content_type, body) = match face {
        Face::Json => (
            "application/json",
            serde_json::to_string(&ErrorBody::of(errors.all()))
                .map_err(|e| askama::Error::Custom(Box::new(e)))?,
        ),
        Face::Form { site, table, pairs } => (
            "text/html; charset=utf-8",
            pages::index(site, table, pairs, Some(errors))?,
        ),
        Face::Markdown => ("text/markdown; charset=utf-8", markdown(errors)),
        Face::Embed => (
            "text/html; charset=utf-8",
            render(&EmbedError { errors }, 4 * 1024)?,
        ),
        Face::Svg => (
            "image/svg+xml",
            render(
                &ErrorSvg {
                    lines: chart::wrap(&errors.to_string(), 90),
                },
                2 * 1024,
            )?,
        ),
        Face::Text => ("text/plain; charset=utf-8", text(errors)),
    };
    Ok(Rendered { content_type, body })
}

/// `- `field`: message` lines under a heading. A field name is whatever the client sent, so it
/// goes in a code span no backtick in it can close, and a message's Markdown and HTML are
/// escaped: an error can never add a heading, a link or markup to a review document.
fn markdown(errors: &FieldErrors) -> String {
    let mut out = String::from("## egress-planner cannot compare this scenario\n\n");
    for e in errors.all() {
        out.push_str("- ");
        if let Some(field) = &e.field {
            out.push_str(&code_span(field));
            out.push_str(": ");
        }
        out.push_str(&markdown_text(&e.message));
        out.push('\n');
    }
    out
}

/// `text` as a Markdown code span on one line: a fence of more backticks than any run inside it,
/// padded with spaces when the text starts or ends with a backtick, line breaks as spaces.
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as Markdown text on one line: every character Markdown or HTML gives a meaning to is
/// escaped with a backslash, line breaks become spaces.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '<'
                | '>'
                | '|'
                | '!'
                | '~'
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `error: message` (or `error: field: message`) a line.
fn text(errors: &FieldErrors) -> String {
    let mut out = String::new();
    for e in errors.all() {
        let _ = match &e.field {
            Some(field) => writeln!(out, "error: {field}: {}", e.message),
            None => writeln!(out, "error: {}", e.message),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_name_cannot_break_out_of_its_code_span() {
        // A name with a backtick run of two and a line break: the fence is three backticks and
        // the line break is a space, so no heading or link can start on a line of its own.
        let errors = FieldErrors::from(FieldError::new(
            "x``\n# Injected\n[link](http://evil)",
            "unknown <b>field</b>",
        ));
        let md = markdown(&errors);
        assert_eq!(md.lines().count(), 3, "{md}");
        assert!(
            md.contains("- ```x`` # Injected [link](http://evil)```: "),
            "{md}"
        );
        assert!(md.contains(r"unknown \<b\>field\</b\>"), "{md}");
    }

    #[test]
    fn every_face_names_the_field_and_the_message() {
        let errors = FieldErrors::from(FieldError::new("azs", "must be 1 to 6"));
        for face in [
            Face::Json,
            Face::Markdown,
            Face::Embed,
            Face::Svg,
            Face::Text,
        ] {
            let r = render_errors(&errors, face).unwrap();
            assert!(
                r.body.contains("must be 1 to 6"),
                "{}: {}",
                r.content_type,
                r.body
            );
        }
        let json = render_errors(&errors, Face::Json).unwrap().body;
        assert_eq!(
            json,
            r#"{"error":{"field":"azs","message":"must be 1 to 6"},"errors":[{"field":"azs","message":"must be 1 to 6"}]}"#
        );
        assert_eq!(
            render_errors(&errors, Face::Text).unwrap().body,
            "error: azs: must be 1 to 6\n"
        );
    }
}
