//! What a source of real data says about a scenario: fields as the API takes them, and the derivation.

use serde::Serialize;

/// One scenario field a source determined, in the text form the API and the query string take
/// (`"25000"`, `"40.5"`, `"eu-west-1"`), with the source it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The scenario field's name, as the API spells it (`monthly_gb`, `s3_percent`, `svc.logs`…).
    pub name: String,
    /// The value as text, rounded for a readable permalink (at most four decimal places).
    pub value: String,
    /// Which source gave it: `flow-logs`, `terraform` or `bill`.
    pub source: &'static str,
}

/// What one source derived: scenario fields and each step that led to them, in words and numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// The fields, in the order the scenario lists them.
    pub fields: Vec<Field>,
    /// Each step of the derivation, a sentence with its numbers.
    pub derivation: Vec<String>,
}

impl Derived {
    /// Records a field and the sentence that explains it.
    pub fn set(&mut self, source: &'static str, name: &str, value: String, why: String) {
        self.fields.retain(|f| f.name != name);
        self.fields.push(Field {
            name: name.to_owned(),
            value,
            source,
        });
        self.derivation.push(why);
    }

    /// The value derived for a field, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.as_str())
    }
}
