//! OpenAPI schemas of the types whose JSON is text (money, sentences, line labels), for the web
//! crate's document; compiled only with the `openapi` feature. Every other response type derives
//! its schema on the type itself, so a member added to it is in the document.

/// Implements the OpenAPI schema of a type serialized as one string.
macro_rules! text_schema {
    ($($t:ty => $description:expr $(, pattern = $pattern:expr)?;)*) => {$(
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some($description))
                    $(.pattern(Some($pattern)))?
                    .into()
            }
        }
        impl utoipa::ToSchema for $t {}
    )*};
}

text_schema! {
    crate::money::Money => "US dollars, rounded half away from zero to cents, as a decimal string", pattern = r"^-?[0-9]+\.[0-9]{2}$";
    crate::money::TwoPlaces => "A decimal rounded half away from zero to two places, as a string", pattern = r"^-?[0-9]+\.[0-9]{2}$";
    crate::engine::Message => "A sentence for people";
    crate::engine::messages::OptionVerdict => "Whether the option's own path carries the peak, in words";
    crate::engine::messages::NatVerdict => "Whether the NAT gateways carry the peak, in words";
    crate::engine::messages::EndpointsExplanation => "How the interface endpoints' break-even is worked out, in words";
    crate::engine::messages::S3Explanation => "What the S3 gateway endpoint saves, in words";
    crate::engine::messages::PublicExplanation => "Public subnets against the cheapest NAT option, in words";
    crate::engine::Item => "What the line charges for, in words (tiered items name their tier)";
    crate::pricing::Figure => "The pricing-table figure a price comes from";
    crate::engine::Centralizing => "The break-even of centralizing egress, in words";
}
