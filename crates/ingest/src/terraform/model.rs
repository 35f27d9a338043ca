//! The plan's resources, flattened from the module tree, with what links them: known ids, and when an id
//! is unknown until apply, the configuration's references (as Infracost does).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::TerraformError;

/// One resource instance of the plan (or state).
pub(super) struct Res<'a> {
    /// Full instance address, `module.vpc.aws_subnet.private[0]`.
    pub addr: String,
    /// The module calls leading to it, without instance keys (`["vpc"]`).
    pub module: Vec<String>,
    pub rtype: String,
    pub name: String,
    /// The instance key as written in an address: `[0]` or `["a"]`.
    pub index: Option<String>,
    pub data: bool,
    pub values: &'a Value,
    /// `resource_changes[].change.after_unknown` for this address, if the file has it.
    pub unknown: Option<&'a Value>,
    /// The configuration block of the resource (`configuration…resources[]`), if the file has it.
    pub config: Option<&'a Value>,
}

impl Res<'_> {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.values.get(key).and_then(Value::as_bool)
    }
}

/// What an attribute points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Link {
    /// A resource of the plan (index into [`Plan::res`]).
    Res(usize),
    /// An id the plan does not define (a resource made elsewhere).
    External(String),
}

pub(super) struct Plan<'a> {
    pub res: Vec<Res<'a>>,
    by_id: HashMap<&'a str, usize>,
    root_config: Option<&'a Value>,
}

fn invalid(file: &str, path: &str, problem: &str) -> TerraformError {
    TerraformError::Invalid {
        file: file.to_owned(),
        path: path.to_owned(),
        problem: problem.to_owned(),
    }
}

impl<'a> Plan<'a> {
    pub fn new(file: &str, doc: &'a Value) -> Result<Self, TerraformError> {
        let (root, root_path) = match doc.get("planned_values") {
            Some(pv) => (pv.get("root_module"), "planned_values.root_module"),
            None => (
                doc.get("values").and_then(|v| v.get("root_module")),
                "values.root_module",
            ),
        };
        let root_config = doc.get("configuration").and_then(|c| c.get("root_module"));
        let mut unknown = HashMap::new();
        if let Some(changes) = doc.get("resource_changes").and_then(Value::as_array) {
            for rc in changes {
                if let (Some(addr), Some(au)) = (
                    rc.get("address").and_then(Value::as_str),
                    rc.get("change").and_then(|c| c.get("after_unknown")),
                ) {
                    unknown.insert(addr, au);
                }
            }
        }
        let mut plan = Plan {
            res: Vec::new(),
            by_id: HashMap::new(),
            root_config,
        };
        if let Some(root) = root {
            plan.walk(file, root, root_path, &[], &unknown)?;
        }
        for (i, r) in plan.res.iter().enumerate() {
            if let Some(id) = r.values.get("id").and_then(Value::as_str) {
                plan.by_id.entry(id).or_insert(i);
            }
        }
        Ok(plan)
    }

    fn walk(
        &mut self,
        file: &str,
        module: &'a Value,
        path: &str,
        calls: &[String],
        unknown: &HashMap<&'a str, &'a Value>,
    ) -> Result<(), TerraformError> {
        if !module.is_object() {
            return Err(invalid(file, path, "expected a module object"));
        }
        if let Some(resources) = module.get("resources") {
            let list = resources
                .as_array()
                .ok_or_else(|| invalid(file, &format!("{path}.resources"), "expected an array"))?;
            for (i, r) in list.iter().enumerate() {
                let rpath = format!("{path}.resources[{i}]");
                let text = |key: &str| -> Result<String, TerraformError> {
                    r.get(key)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            invalid(file, &format!("{rpath}.{key}"), "expected a string")
                        })
                };
                let addr = text("address")?;
                let rtype = text("type")?;
                let name = text("name")?;
                let data = r.get("mode").and_then(Value::as_str) == Some("data");
                let index = match r.get("index") {
                    None | Some(Value::Null) => None,
                    Some(Value::Number(n)) => Some(format!("[{n}]")),
                    Some(Value::String(s)) => Some(format!("[{}]", Value::String(s.clone()))),
                    Some(_) => {
                        return Err(invalid(
                            file,
                            &format!("{rpath}.index"),
                            "expected a number or a string",
                        ));
                    }
                };
                static EMPTY: Value = Value::Null;
                let values = r.get("values").unwrap_or(&EMPTY);
                let config = self.config_resource(calls, &rtype, &name, data);
                self.res.push(Res {
                    unknown: unknown.get(addr.as_str()).copied(),
                    addr,
                    module: calls.to_vec(),
                    rtype,
                    name,
                    index,
                    data,
                    values,
                    config,
                });
            }
        }
        if let Some(children) = module.get("child_modules") {
            let list = children.as_array().ok_or_else(|| {
                invalid(file, &format!("{path}.child_modules"), "expected an array")
            })?;
            for (i, child) in list.iter().enumerate() {
                let cpath = format!("{path}.child_modules[{i}]");
                let address = child
                    .get("address")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        invalid(file, &format!("{cpath}.address"), "expected a string")
                    })?;
                let calls = module_calls(address);
                self.walk(file, child, &cpath, &calls, unknown)?;
            }
        }
        Ok(())
    }

    fn config_module(&self, calls: &[String]) -> Option<&'a Value> {
        let mut m = self.root_config?;
        for call in calls {
            m = m.get("module_calls")?.get(call)?.get("module")?;
        }
        Some(m)
    }

    fn config_resource(
        &self,
        calls: &[String],
        rtype: &str,
        name: &str,
        data: bool,
    ) -> Option<&'a Value> {
        let mode = if data { "data" } else { "managed" };
        self.config_module(calls)?
            .get("resources")?
            .as_array()?
            .iter()
            .find(|r| {
                r.get("type").and_then(Value::as_str) == Some(rtype)
                    && r.get("name").and_then(Value::as_str) == Some(name)
                    && r.get("mode").and_then(Value::as_str).unwrap_or("managed") == mode
            })
    }

    /// The region in the provider configuration: a constant, or a variable's value.
    pub fn provider_region(&self, doc: &Value) -> Option<(String, String)> {
        let configs = doc
            .get("configuration")?
            .get("provider_config")?
            .as_object()?;
        let aws = configs.get("aws").or_else(|| {
            configs
                .values()
                .find(|c| c.get("name").and_then(Value::as_str) == Some("aws"))
        })?;
        let region = aws.get("expressions")?.get("region")?;
        if let Some(c) = region.get("constant_value").and_then(Value::as_str) {
            return Some((c.to_owned(), "the aws provider's `region` argument".into()));
        }
        for reference in region.get("references")?.as_array()? {
            let reference = reference.as_str()?;
            if let Some(var) = reference.strip_prefix("var.") {
                let value = doc.get("variables")?.get(var)?.get("value")?.as_str()?;
                return Some((
                    value.to_owned(),
                    format!(
                        "the aws provider's `region = {reference}`, whose value is set in `variables`"
                    ),
                ));
            }
        }
        None
    }

    /// The resources or outside ids an attribute of `r` points at. `path` walks nested blocks
    /// (`["network_configuration", "subnets"]`); lists are flattened. Known values come first; when the
    /// attribute is unknown until apply (or absent), the configuration's references are followed.
    pub fn links(&self, i: usize, path: &[&str]) -> Vec<Link> {
        let r = &self.res[i];
        let mut known = Vec::new();
        collect_strings(r.values, path, &mut known);
        let pending = r.unknown.is_some_and(|u| any_true(u, path));
        if !known.is_empty() && !pending {
            return known.into_iter().map(|id| self.by_id_link(id)).collect();
        }
        let mut refs = Vec::new();
        if let Some(expr) = r.config.and_then(|c| c.get("expressions")) {
            collect_refs(expr, path, &mut refs);
        }
        let resolved = self.resolve_refs(&r.module, &refs, 0);
        if resolved.is_empty() {
            return known.into_iter().map(|id| self.by_id_link(id)).collect();
        }
        let mut out: Vec<Link> = known
            .into_iter()
            .map(|id| self.by_id_link(id))
            .filter(|l| matches!(l, Link::Res(_)))
            .collect();
        for j in resolved {
            if !out.contains(&Link::Res(j)) {
                out.push(Link::Res(j));
            }
        }
        out
    }

    /// Whether the attribute at `path` came from the configuration's references rather than known ids.
    pub fn via_references(&self, i: usize, path: &[&str]) -> bool {
        let r = &self.res[i];
        let mut known = Vec::new();
        collect_strings(r.values, path, &mut known);
        known.is_empty() || r.unknown.is_some_and(|u| any_true(u, path))
    }

    fn by_id_link(&self, id: &str) -> Link {
        match self.by_id.get(id) {
            Some(&j) => Link::Res(j),
            None => Link::External(id.to_owned()),
        }
    }

    /// Resolves what `expression`, written in module `module`, refers to,
    /// into `out` (each resource once).
    fn follow(
        &self,
        module: &[String],
        expression: Option<&Value>,
        depth: u8,
        out: &mut Vec<usize>,
    ) {
        let mut refs = Vec::new();
        if let Some(e) = expression {
            collect_refs(e, &[], &mut refs);
        }
        for j in self.resolve_refs(module, &refs, depth + 1) {
            if !out.contains(&j) {
                out.push(j);
            }
        }
    }

    /// Resolves reference strings written in module `ctx` to resources. A reference to an instance
    /// (`aws_subnet.a[0]`) narrows one to the whole resource (`aws_subnet.a`) given beside it.
    fn resolve_refs(&self, ctx: &[String], refs: &[String], depth: u8) -> Vec<usize> {
        if depth > 8 {
            return Vec::new();
        }
        let mut targets: Vec<Target> = Vec::new();
        let mut out = Vec::new();
        for reference in refs {
            let seg = segments(reference);
            let head = seg.first().map(String::as_str).unwrap_or("");
            match head {
                "module" if seg.len() >= 3 => {
                    let (call, _) = split_key(&seg[1]);
                    let mut inner = ctx.to_vec();
                    inner.push(call.to_owned());
                    let output = self
                        .config_module(&inner)
                        .and_then(|m| m.get("outputs")?.get(&seg[2])?.get("expression"));
                    self.follow(&inner, output, depth, &mut out);
                }
                "var" if seg.len() >= 2 && !ctx.is_empty() => {
                    let parent = &ctx[..ctx.len() - 1];
                    let call = &ctx[ctx.len() - 1];
                    let argument = self.config_module(parent).and_then(|m| {
                        m.get("module_calls")?
                            .get(call)?
                            .get("expressions")?
                            .get(&seg[1])
                    });
                    self.follow(parent, argument, depth, &mut out);
                }
                "var" | "local" | "each" | "count" | "path" | "self" | "terraform" | "module" => {}
                _ if seg.len() >= 2 => {
                    // `data.TYPE.NAME…` names a data source, `TYPE.NAME…` a resource.
                    let data = head == "data" && seg.len() >= 3;
                    let (rtype, name) = if data {
                        (&seg[1], &seg[2])
                    } else {
                        (&seg[0], &seg[1])
                    };
                    let (name, key) = split_key(name);
                    targets.push((
                        ctx.to_vec(),
                        data,
                        rtype.clone(),
                        name.to_owned(),
                        key.map(str::to_owned),
                    ));
                }
                _ => {}
            }
        }
        for (m, data, rtype, name, key) in &targets {
            let narrowed = key.is_none()
                && targets.iter().any(|t| {
                    &t.0 == m && t.1 == *data && &t.2 == rtype && &t.3 == name && t.4.is_some()
                });
            if narrowed {
                continue;
            }
            for (j, r) in self.res.iter().enumerate() {
                if &r.module == m
                    && r.data == *data
                    && &r.rtype == rtype
                    && &r.name == name
                    && (key.is_none() || key.as_deref() == r.index.as_deref())
                    && !out.contains(&j)
                {
                    out.push(j);
                }
            }
        }
        out
    }
}

/// A resource a reference names: module calls, data or managed, type, name, instance key.
type Target = (Vec<String>, bool, String, String, Option<String>);

/// The module call names of a module instance address (`module.a["x"].module.b` → `["a", "b"]`).
fn module_calls(address: &str) -> Vec<String> {
    let seg = segments(address);
    let mut calls = Vec::new();
    let mut i = 0;
    while i + 1 < seg.len() {
        if seg[i] == "module" {
            calls.push(split_key(&seg[i + 1]).0.to_owned());
            i += 2;
        } else {
            i += 1;
        }
    }
    calls
}

/// Splits an address or reference on the dots outside `[...]` and quotes.
fn segments(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut quoted, mut escaped) = (0u32, false, false);
    for c in s.chars() {
        if quoted {
            cur.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                cur.push(c);
            }
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            '.' if depth == 0 => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// `private[0]` → (`private`, Some(`[0]`)); a splat `[*]` means no particular instance.
fn split_key(seg: &str) -> (&str, Option<&str>) {
    match seg.find('[') {
        Some(i) if &seg[i..] == "[*]" => (&seg[..i], None),
        Some(i) => (&seg[..i], Some(&seg[i..])),
        None => (seg, None),
    }
}

fn collect_strings<'v>(v: &'v Value, path: &[&str], out: &mut Vec<&'v str>) {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().for_each(|x| collect_strings(x, path, out)),
        (Value::String(s), None) => out.push(s),
        (Value::Object(o), Some((key, rest))) => {
            if let Some(x) = o.get(*key) {
                collect_strings(x, rest, out);
            }
        }
        _ => {}
    }
}

fn any_true(v: &Value, path: &[&str]) -> bool {
    match (v, path.split_first()) {
        (Value::Bool(b), _) => *b,
        (Value::Array(items), _) => items.iter().any(|x| any_true(x, path)),
        (Value::Object(o), Some((key, rest))) => o.get(*key).is_some_and(|x| any_true(x, rest)),
        _ => false,
    }
}

/// The `references` of an expression at `path` in a configuration `expressions` object (blocks are
/// arrays of objects).
fn collect_refs(v: &Value, path: &[&str], out: &mut Vec<String>) {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().for_each(|x| collect_refs(x, path, out)),
        (Value::Object(o), None) => refs_of(o, out),
        (Value::Object(o), Some((key, rest))) => {
            if let Some(x) = o.get(*key) {
                collect_refs(x, rest, out);
            }
        }
        _ => {}
    }
}

fn refs_of(o: &Map<String, Value>, out: &mut Vec<String>) {
    if let Some(list) = o.get("references").and_then(Value::as_array) {
        out.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_keys_whole() {
        assert_eq!(
            segments(r#"module.a["x.y"].aws_subnet.b[0].id"#),
            vec!["module", r#"a["x.y"]"#, "aws_subnet", "b[0]", "id"]
        );
        assert_eq!(module_calls(r#"module.a["k"].module.b"#), vec!["a", "b"]);
        assert_eq!(split_key("b[*]"), ("b", None));
    }
}
