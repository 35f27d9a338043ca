//! The priced figures a region can have, named once: their key in the table
//! file, their shape (one rate, tiers, or one rate per NAT instance type),
//! their unit and whether every region must have them. Options name the
//! figures they use; a region without one leaves those options unpriced.

use serde::{Serialize, Serializer};
use std::fmt;

/// A priced figure of a region, by what it charges for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// NAT gateway, $ per gateway-hour.
    NatHour,
    /// NAT gateway data processing, $ per GB.
    NatGb,
    /// Regional NAT gateway, $ per hour in each AZ it is active in.
    RegionalNatHour,
    /// Regional NAT gateway data processing, $ per GB.
    RegionalNatGb,
    /// Interface endpoint, $ per endpoint per AZ per hour.
    EndpointHour,
    /// Interface endpoint data processing, $ per GB, tiered.
    EndpointGb,
    /// Public IPv4 address, $ per address-hour.
    Ipv4Hour,
    /// Cross-AZ data transfer, $ per GB in each direction.
    CrossAzGb,
    /// Data transfer out to the internet, $ per GB, tiered.
    DtoGb,
    /// EBS gp3 storage, $ per GB-month (a NAT instance's root volume).
    Gp3GbMonth,
    /// Egress-only internet gateway, $ per hour (AWS charges nothing).
    EigwHour,
    /// Transit Gateway VPC attachment, $ per attachment-hour.
    TgwAttachmentHour,
    /// Transit Gateway data processing, $ per GB sent into the gateway.
    TgwGb,
    /// AWS Network Firewall endpoint, $ per endpoint-hour (one per AZ).
    FirewallHour,
    /// AWS Network Firewall traffic processed, $ per GB.
    FirewallGb,
    /// EC2 on-demand Linux, $ per instance-hour, one rate per NAT instance type.
    NatInstanceHour,
}

/// How a figure is written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One rate: `usd`.
    Rate,
    /// Ascending tiers: `tiers`.
    Tiered,
    /// One rate per NAT instance type: a table of `type = { usd, … }`.
    PerInstanceType,
}

/// The description of one figure.
#[derive(Debug, Clone, Copy)]
pub struct FigureSpec {
    /// The figure.
    pub figure: Figure,
    /// Its key in the table file and in the API.
    pub key: &'static str,
    /// How it is written.
    pub shape: Shape,
    /// What one unit of it is.
    pub unit: &'static str,
    /// A quantity of it, as a cost line writes it (`gateway-hours`, `GB`).
    pub units: &'static str,
    /// Every region must have it (after `[global]` defaults are applied).
    pub required: bool,
}

/// Every figure, in the order the API lists them.
pub const FIGURES: &[FigureSpec] = &[
    spec(
        Figure::NatHour,
        "nat_hour",
        Shape::Rate,
        ("gateway-hour", "gateway-hours"),
        true,
    ),
    spec(Figure::NatGb, "nat_gb", Shape::Rate, ("GB", "GB"), true),
    spec(
        Figure::RegionalNatHour,
        "regional_nat_hour",
        Shape::Rate,
        ("AZ-hour", "AZ-hours"),
        false,
    ),
    spec(
        Figure::RegionalNatGb,
        "regional_nat_gb",
        Shape::Rate,
        ("GB", "GB"),
        false,
    ),
    spec(
        Figure::EndpointHour,
        "endpoint_hour",
        Shape::Rate,
        ("endpoint-AZ-hour", "endpoint-AZ-hours"),
        true,
    ),
    spec(
        Figure::EndpointGb,
        "endpoint_gb",
        Shape::Tiered,
        ("GB", "GB"),
        true,
    ),
    spec(
        Figure::Ipv4Hour,
        "ipv4_hour",
        Shape::Rate,
        ("address-hour", "address-hours"),
        true,
    ),
    spec(
        Figure::CrossAzGb,
        "cross_az_gb",
        Shape::Rate,
        ("GB", "GB"),
        true,
    ),
    spec(Figure::DtoGb, "dto_gb", Shape::Tiered, ("GB", "GB"), true),
    spec(
        Figure::Gp3GbMonth,
        "gp3_gb_month",
        Shape::Rate,
        ("GB-month", "GB-months"),
        false,
    ),
    spec(
        Figure::EigwHour,
        "eigw_hour",
        Shape::Rate,
        ("gateway-hour", "gateway-hours"),
        false,
    ),
    spec(
        Figure::TgwAttachmentHour,
        "tgw_attachment_hour",
        Shape::Rate,
        ("attachment-hour", "attachment-hours"),
        false,
    ),
    spec(Figure::TgwGb, "tgw_gb", Shape::Rate, ("GB", "GB"), false),
    spec(
        Figure::FirewallHour,
        "firewall_hour",
        Shape::Rate,
        ("endpoint-hour", "endpoint-hours"),
        false,
    ),
    spec(
        Figure::FirewallGb,
        "firewall_gb",
        Shape::Rate,
        ("GB", "GB"),
        false,
    ),
    spec(
        Figure::NatInstanceHour,
        "nat_instance_hour",
        Shape::PerInstanceType,
        ("instance-hour", "instance-hours"),
        false,
    ),
];

const fn spec(
    figure: Figure,
    key: &'static str,
    shape: Shape,
    (unit, units): (&'static str, &'static str),
    required: bool,
) -> FigureSpec {
    FigureSpec {
        figure,
        key,
        shape,
        unit,
        units,
        required,
    }
}

impl Figure {
    /// The figure's description.
    pub fn spec(self) -> &'static FigureSpec {
        // FIGURES lists every variant once, in declaration order (a test checks it).
        &FIGURES[self as usize]
    }

    /// Its key in the table file and in the API (`nat_gb`, …).
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The figure with this key.
    pub fn from_key(key: &str) -> Option<Figure> {
        FIGURES.iter().find(|s| s.key == key).map(|s| s.figure)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::json::fixed_text(self.key(), serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_is_listed_once_in_declaration_order() {
        for (i, spec) in FIGURES.iter().enumerate() {
            assert_eq!(spec.figure as usize, i, "{}", spec.key);
            assert_eq!(Figure::from_key(spec.key), Some(spec.figure));
        }
        assert_eq!(Figure::NatInstanceHour.spec().key, "nat_instance_hour");
    }

    #[test]
    fn a_quantity_is_written_in_the_plural_of_its_unit() {
        for spec in FIGURES {
            let plural = if spec.unit == "GB" {
                "GB".to_owned()
            } else {
                format!("{}s", spec.unit)
            };
            assert_eq!(spec.units, plural, "{}", spec.key);
        }
    }
}
