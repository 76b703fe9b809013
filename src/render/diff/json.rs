//! The change report as JSON, for tools: the report model as it is (page pictures left
//! out; their pages and regions are kept).

use crate::compose::diff::model::Report;

/// The report as pretty-printed JSON.
pub fn render(report: &Report) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(report).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
