//! Streaming reader of Price List JSON offer files. The document is walked
//! with serde visitors, never built: each product under `products` is read on
//! its own and kept only when it prices a figure; under `terms.OnDemand` only
//! the SKUs of kept products are decoded, the rest skipped as they stream by.
//! AWS writes `products` before `terms`; a file the other way round is refused
//! rather than buffered.

use super::{Attr, Attrs, Collector, Dimension, ImportError, OfferFile, Target, classify};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

#[derive(Deserialize)]
struct RawProduct {
    #[serde(default)]
    sku: String,
    #[serde(default, rename = "productFamily")]
    product_family: String,
    #[serde(default)]
    attributes: HashMap<String, String>,
}

impl Attrs for RawProduct {
    fn get(&self, attr: Attr) -> &str {
        if attr == Attr::ProductFamily {
            return &self.product_family;
        }
        self.attributes.get(attr.json()).map_or("", String::as_str)
    }
}

#[derive(Deserialize)]
struct RawTerm {
    #[serde(default, rename = "offerTermCode")]
    offer_term_code: String,
    #[serde(rename = "priceDimensions")]
    price_dimensions: BTreeMap<String, RawDimension>,
}

#[derive(Deserialize)]
struct RawDimension {
    #[serde(default, rename = "rateCode")]
    rate_code: String,
    #[serde(default, rename = "beginRange")]
    begin_range: String,
    #[serde(default, rename = "endRange")]
    end_range: String,
    #[serde(default)]
    unit: String,
    #[serde(rename = "pricePerUnit")]
    price_per_unit: BTreeMap<String, String>,
}

struct State<'a> {
    name: &'a str,
    collector: &'a mut Collector,
    meta: OfferFile,
    products: HashMap<String, Target>,
    seen_products: bool,
    /// An error found by our own checks, kept whole (serde's error type
    /// would flatten it into a message).
    failure: Option<ImportError>,
}

pub(super) fn read(
    name: &str,
    reader: impl Read,
    collector: &mut Collector,
) -> Result<OfferFile, ImportError> {
    let mut state = State {
        name,
        collector,
        meta: OfferFile::new(name, "JSON"),
        products: HashMap::new(),
        seen_products: false,
        failure: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result =
        de::Deserializer::deserialize_map(&mut de, Top(&mut state)).and_then(|()| de.end());
    if let Some(failure) = state.failure.take() {
        return Err(failure);
    }
    if let Err(e) = result {
        let place = if e.line() > 0 {
            format!("line {} column {}", e.line(), e.column())
        } else {
            String::new()
        };
        let message = if e.is_eof() {
            format!("the file ends early (is it truncated?): {e}")
        } else {
            format!("expected an AWS Price List offer file: {e}")
        };
        return Err(ImportError::new(name, place, message));
    }
    if state.meta.offer_code.is_empty() {
        return Err(ImportError::new(
            name,
            "offerCode",
            "expected the top-level key \"offerCode\" of an offer file",
        ));
    }
    Ok(state.meta)
}

/// Records a failure of ours and returns a serde error that stops the walk.
fn fail<E: de::Error>(state: &mut State<'_>, error: ImportError) -> E {
    let text = error.to_string();
    state.failure = Some(error);
    E::custom(text)
}

/// A visitor over one JSON object of the offer file, on the reader's state:
/// the struct, its seed and its visitor. The body runs once for every key,
/// with `$state`, `$map` (the map access, to read the key's value) and `$key`.
macro_rules! object_visitor {
    ($name:ident, $expecting:literal, |$state:ident, $map:ident, $key:ident| $body:block) => {
        struct $name<'s, 'a>(&'s mut State<'a>);

        impl<'de> DeserializeSeed<'de> for $name<'_, '_> {
            type Value = ();
            fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_map(self)
            }
        }

        impl<'de> Visitor<'de> for $name<'_, '_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str($expecting)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut $map: A) -> Result<(), A::Error> {
                let $state = self.0;
                while let Some($key) = $map.next_key::<String>()? {
                    $body
                }
                Ok(())
            }
        }
    };
}

object_visitor!(
    Top,
    "an offer file object with products and terms",
    |state, map, key| {
        match key.as_str() {
            "offerCode" => state.meta.offer_code = map.next_value()?,
            "version" => state.meta.version = map.next_value()?,
            "publicationDate" => state.meta.publication_date = map.next_value()?,
            "products" => {
                map.next_value_seed(Products(state))?;
                state.seen_products = true;
            }
            "terms" => {
                if !state.seen_products {
                    let error = ImportError::new(
                        state.name,
                        "terms",
                        "expected \"products\" before \"terms\", as AWS writes them",
                    );
                    return Err(fail(state, error));
                }
                map.next_value_seed(Terms(state))?;
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
);

object_visitor!(
    Products,
    "\"products\": an object of SKU → product",
    |state, map, sku| {
        let product: RawProduct = map.next_value()?;
        state.meta.rows += 1;
        if let Some(target) = classify(&product, state.collector.instance_types()) {
            let sku = if product.sku.is_empty() {
                sku
            } else {
                product.sku
            };
            state.products.insert(sku, target);
        }
    }
);

object_visitor!(
    Terms,
    "\"terms\": an object of term type → SKUs",
    |state, map, term_type| {
        if term_type == "OnDemand" {
            map.next_value_seed(OnDemand(state))?;
        } else {
            // Reserved terms: never a figure of ours, skipped unread.
            map.next_value::<IgnoredAny>()?;
        }
    }
);

object_visitor!(
    OnDemand,
    "\"terms.OnDemand\": an object of SKU → offers",
    |state, map, sku| {
        let Some(target) = state.products.get(&sku).cloned() else {
            map.next_value::<IgnoredAny>()?;
            continue;
        };
        let terms: BTreeMap<String, RawTerm> = map.next_value()?;
        for (term_key, term) in &terms {
            for (rate_key, dim) in &term.price_dimensions {
                // Several currencies can sit side by side; only USD is ours.
                let (currency, usd) = match dim.price_per_unit.get("USD") {
                    Some(usd) => ("USD", usd.as_str()),
                    None => dim
                        .price_per_unit
                        .iter()
                        .next()
                        .map_or(("", ""), |(c, p)| (c.as_str(), p.as_str())),
                };
                let dimension = Dimension {
                    sku: &sku,
                    term_type: "OnDemand",
                    offer_term_code: &term.offer_term_code,
                    rate_code: if dim.rate_code.is_empty() {
                        rate_key
                    } else {
                        &dim.rate_code
                    },
                    begin: &dim.begin_range,
                    end: &dim.end_range,
                    unit: &dim.unit,
                    currency,
                    usd,
                    place: format!("terms.OnDemand.{sku}.{term_key}.priceDimensions.{rate_key}"),
                };
                let name = state.name;
                if let Err(error) =
                    state
                        .collector
                        .dimension(name, &mut state.meta, &target, dimension)
                {
                    return Err(fail(state, error));
                }
            }
        }
    }
);
