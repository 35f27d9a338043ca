//! Rendering a template into a buffer sized for it.

use askama::Template;

/// The buffer every page starts in: a results page is about 55 KB (eight
/// options and the chart); a smaller page leaves the rest unused.
pub const PAGE_BYTES: usize = 64 * 1024;

/// Renders `template` into a buffer of at least `capacity` bytes: growing a
/// String from askama's small size hint copies a results page over and over.
pub fn render<T: Template>(template: &T, capacity: usize) -> Result<String, askama::Error> {
    let mut out = String::with_capacity(capacity.max(T::SIZE_HINT));
    template.render_into(&mut out)?;
    Ok(out)
}
