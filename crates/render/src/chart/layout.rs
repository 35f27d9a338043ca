//! The chart's two layouts: 720 units wide for a page, an image or a wiki, and 360 for a phone,
//! where the wide one would be scaled to half and its 12-unit labels to about 6 pixels.

/// Which layout to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// 720 units wide, the legend in two columns.
    #[default]
    Wide,
    /// 360 units wide, for a screen about 390 pixels wide: one legend column, the region's code
    /// in the heading instead of its name.
    Narrow,
}

/// Where the parts of a layout go, in SVG units.
pub(super) struct Frame {
    pub width: f64,
    /// The plot's edges.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// The heading's baseline and size.
    pub title_y: f64,
    pub title_size: u32,
    /// Where the cost axis's name is centred (it is turned a quarter left).
    pub axis_title_x: f64,
    /// The left edge of each legend column, and where its cost ends, from that edge.
    pub legend_x: &'static [f64],
    pub legend_cost_x: f64,
    /// The left edge of the text under the legend (the crossings, what is not drawn).
    pub text_x: f64,
    /// Characters of 11-unit text a line of it holds.
    pub text_chars: usize,
}

const WIDE: Frame = Frame {
    width: 720.0,
    left: 72.0,
    right: 700.0,
    top: 60.0,
    bottom: 320.0,
    title_y: 24.0,
    title_size: 15,
    axis_title_x: 16.0,
    legend_x: &[72.0, 390.0],
    legend_cost_x: 300.0,
    text_x: 72.0,
    text_chars: 96,
};

const NARROW: Frame = Frame {
    width: 360.0,
    left: 60.0,
    right: 340.0,
    top: 56.0,
    bottom: 236.0,
    title_y: 20.0,
    title_size: 14,
    axis_title_x: 12.0,
    legend_x: &[16.0],
    legend_cost_x: 330.0,
    text_x: 16.0,
    text_chars: 48,
};

impl Layout {
    /// The query parameter that chooses a layout on `/chart.svg`.
    pub const PARAMETER: &'static str = "layout";

    /// The layout a `layout` parameter names: `wide` or `narrow`.
    pub fn parse(text: &str) -> Option<Layout> {
        match text {
            "wide" => Some(Layout::Wide),
            "narrow" => Some(Layout::Narrow),
            _ => None,
        }
    }

    /// Its name in a `layout` parameter.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Wide => "wide",
            Layout::Narrow => "narrow",
        }
    }

    pub(super) fn frame(self) -> &'static Frame {
        match self {
            Layout::Wide => &WIDE,
            Layout::Narrow => &NARROW,
        }
    }
}
