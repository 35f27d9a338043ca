//! From a file's bytes to the JSON document of `terraform show -json`, refusing what is not one.

use serde_json::Value;

use super::TerraformError;

/// The file's text: UTF-8 (with or without a byte-order mark), or UTF-16 LE/BE with its byte-order mark
/// (what PowerShell's `>` writes).
pub(super) fn text(file: &str, bytes: &[u8]) -> Result<String, TerraformError> {
    let utf16 = |big_endian: bool, body: &[u8]| -> Result<String, TerraformError> {
        if !body.len().is_multiple_of(2) {
            return Err(TerraformError::Encoding {
                file: file.to_owned(),
                detail: format!(
                    "UTF-16 text must have an even number of bytes; after the byte-order mark it has {}",
                    body.len()
                ),
            });
        }
        let units = body.chunks_exact(2).map(|pair| {
            if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        });
        char::decode_utf16(units)
            .enumerate()
            .map(|(i, c)| {
                c.map_err(|_| TerraformError::Encoding {
                    file: file.to_owned(),
                    detail: format!("unpaired UTF-16 surrogate at byte {}", 2 + 2 * i),
                })
            })
            .collect()
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(file, rest, 3),
        [0xFF, 0xFE, rest @ ..] => utf16(false, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(true, rest),
        _ => utf8(file, bytes, 0),
    }
}

fn utf8(file: &str, bytes: &[u8], offset: usize) -> Result<String, TerraformError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| TerraformError::Encoding {
        file: file.to_owned(),
        detail: format!(
            "invalid UTF-8 at byte {} (a UTF-16 file needs its byte-order mark)",
            offset + e.utf8_error().valid_up_to()
        ),
    })
}

/// Parses the text as one JSON object written by `terraform show -json`, checking its format version.
pub(super) fn document(file: &str, text: &str) -> Result<Value, TerraformError> {
    let first_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let looks_like_log = |v: &Value| {
        v.as_object().is_some_and(|o| {
            o.contains_key("@level") || (o.contains_key("@message") && o.contains_key("type"))
        })
    };
    // The machine-readable log of `terraform plan -json`: one JSON object per line, each with
    // `@level`, `@message`, `@timestamp` and `type`.
    if serde_json::from_str::<Value>(first_line).is_ok_and(|v| looks_like_log(&v)) {
        return Err(TerraformError::JsonLines {
            file: file.to_owned(),
        });
    }
    let doc: Value = serde_json::from_str(text).map_err(|e| TerraformError::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let Some(top) = doc.as_object() else {
        return Err(TerraformError::NotShowJson {
            file: file.to_owned(),
            reason: "the document is not a JSON object".into(),
        });
    };
    let Some(version) = top.get("format_version") else {
        let reason = if top.contains_key("resource") || top.contains_key("provider") {
            "it has no `format_version`; it looks like Terraform configuration in JSON syntax (*.tf.json), not a plan"
        } else if top.contains_key("serial") && top.contains_key("lineage") {
            "it has no `format_version`; it looks like a raw state file (terraform.tfstate); use `terraform show -json` to read state"
        } else {
            "it has no `format_version`"
        };
        return Err(TerraformError::NotShowJson {
            file: file.to_owned(),
            reason: reason.into(),
        });
    };
    let Some(version) = version.as_str() else {
        return Err(TerraformError::Invalid {
            file: file.to_owned(),
            path: "format_version".into(),
            problem: format!("expected a string such as \"1.2\", found {version}"),
        });
    };
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(0 | 1) => {}
        _ => {
            return Err(TerraformError::UnsupportedVersion {
                file: file.to_owned(),
                version: version.to_owned(),
            });
        }
    }
    if !top.contains_key("planned_values") && !top.contains_key("values") {
        return Err(TerraformError::NotShowJson {
            file: file.to_owned(),
            reason: format!(
                "it has neither `planned_values` (a plan) nor `values` (a state); {}",
                "`terraform show -json` of a plan file has the first"
            ),
        });
    }
    Ok(doc)
}
