//! The differing pixels of two pictures grouped into a handful of rectangles: a grid of
//! cells marks where pixels differ, touching marked cells make one rectangle, overlapping
//! rectangles merge, and a page with too many is grouped again on a grid twice as coarse.

use super::Region;
use super::raster::Raster;

/// The side of a grid cell in pixels, at first.
const CELL: u32 = 16;
/// At most this many regions a page.
pub(super) const MAX_REGIONS: usize = 20;

/// A rectangle of pixels, its ends exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

impl Bounds {
    fn pixel(x: u32, y: u32) -> Self {
        Self {
            x0: x,
            y0: y,
            x1: x + 1,
            y1: y + 1,
        }
    }

    fn union(self, other: Self) -> Self {
        Self {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    fn overlaps(&self, other: &Self) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn region(self) -> Region {
        Region {
            x: self.x0,
            y: self.y0,
            width: self.x1 - self.x0,
            height: self.y1 - self.y0,
        }
    }
}

/// Square cells over the pictures, each with the bounds of its differing pixels.
struct Grid {
    cell: u32,
    columns: usize,
    rows: usize,
    cells: Vec<Option<Bounds>>,
}

impl Grid {
    fn new(cell: u32, width: u32, height: u32) -> Self {
        let columns = width.div_ceil(cell) as usize;
        let rows = height.div_ceil(cell) as usize;
        Self {
            cell,
            columns,
            rows,
            cells: vec![None; columns * rows],
        }
    }

    fn mark(&mut self, x: u32, y: u32) {
        let index = (y / self.cell) as usize * self.columns + (x / self.cell) as usize;
        let pixel = Bounds::pixel(x, y);
        let cell = &mut self.cells[index];
        *cell = Some(cell.map_or(pixel, |b| b.union(pixel)));
    }

    /// The same marks on cells twice as large.
    fn coarser(&self) -> Self {
        let mut out = Self {
            cell: self.cell * 2,
            columns: self.columns.div_ceil(2),
            rows: self.rows.div_ceil(2),
            cells: Vec::new(),
        };
        out.cells = vec![None; out.columns * out.rows];
        for (index, bounds) in self.cells.iter().enumerate() {
            let Some(b) = bounds else { continue };
            let (row, column) = (index / self.columns, index % self.columns);
            let cell = &mut out.cells[(row / 2) * out.columns + column / 2];
            *cell = Some(cell.map_or(*b, |c| c.union(*b)));
        }
        out
    }
}

/// Where `old` and `new` differ, or `None` when every pixel is the same. Pixels that
/// only one of the pictures has (their sizes differ) count as differing.
pub(super) fn changed(old: &Raster, new: &Raster) -> Option<Vec<Region>> {
    let mut grid = differing_cells(old, new)?;
    loop {
        let rects = merge_overlapping(connected(&grid));
        if rects.len() <= MAX_REGIONS || grid.cells.len() <= 1 {
            return Some(rects.into_iter().map(Bounds::region).collect());
        }
        grid = grid.coarser();
    }
}

fn differing_cells(old: &Raster, new: &Raster) -> Option<Grid> {
    let (width, height) = (old.width.max(new.width), old.height.max(new.height));
    let mut grid = Grid::new(CELL, width, height);
    let mut any = false;
    for y in 0..height {
        let (a, b) = (row(old, y), row(new, y));
        if a.is_some() && a == b {
            continue;
        }
        for x in 0..width {
            if pixel(a, x) != pixel(b, x) || pixel(a, x).is_none() {
                grid.mark(x, y);
                any = true;
            }
        }
    }
    any.then_some(grid)
}

fn row(raster: &Raster, y: u32) -> Option<&[u8]> {
    let stride = raster.width as usize * 3;
    let start = y as usize * stride;
    (y < raster.height).then(|| &raster.rgb[start..start + stride])
}

fn pixel(row: Option<&[u8]>, x: u32) -> Option<&[u8]> {
    let start = x as usize * 3;
    row.and_then(|r| r.get(start..start + 3))
}

/// One rectangle for each group of marked cells touching at a side or a corner.
fn connected(grid: &Grid) -> Vec<Bounds> {
    let mut seen = vec![false; grid.cells.len()];
    let mut out = Vec::new();
    for start in 0..grid.cells.len() {
        let Some(first) = grid.cells[start] else {
            continue;
        };
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let (mut bounds, mut stack) = (first, vec![start]);
        while let Some(index) = stack.pop() {
            for next in neighbours(grid, index) {
                if let (Some(b), false) = (grid.cells[next], seen[next]) {
                    seen[next] = true;
                    bounds = bounds.union(b);
                    stack.push(next);
                }
            }
        }
        out.push(bounds);
    }
    out
}

fn neighbours(grid: &Grid, index: usize) -> impl Iterator<Item = usize> + '_ {
    let (row, column) = (
        (index / grid.columns) as isize,
        (index % grid.columns) as isize,
    );
    (-1..=1).flat_map(move |dy| {
        (-1..=1).filter_map(move |dx| {
            let (r, c) = (row + dy, column + dx);
            let inside =
                r >= 0 && c >= 0 && (r as usize) < grid.rows && (c as usize) < grid.columns;
            (inside && (dx, dy) != (0, 0)).then(|| r as usize * grid.columns + c as usize)
        })
    })
}

/// Overlapping rectangles replaced by their union until none overlap.
fn merge_overlapping(mut rects: Vec<Bounds>) -> Vec<Bounds> {
    loop {
        let before = rects.len();
        let mut merged: Vec<Bounds> = Vec::with_capacity(before);
        for rect in rects {
            match merged.iter_mut().find(|m| m.overlaps(&rect)) {
                Some(m) => *m = m.union(rect),
                None => merged.push(rect),
            }
        }
        if merged.len() == before {
            return merged;
        }
        rects = merged;
    }
}

#[cfg(test)]
mod tests {
    use super::super::raster::Raster;
    use super::{MAX_REGIONS, changed};

    fn white(width: u32, height: u32) -> Raster {
        Raster {
            rgb: vec![255; (width * height * 3) as usize],
            width,
            height,
        }
    }

    fn dot(raster: &mut Raster, x: u32, y: u32) {
        let start = ((y * raster.width + x) * 3) as usize;
        raster.rgb[start] = 0;
    }

    #[test]
    fn scattered_dots_make_at_most_twenty_regions_covering_them_all() {
        let old = white(578, 818);
        let mut new = white(578, 818);
        let dots: Vec<(u32, u32)> = (0..578 / 40)
            .flat_map(|i| (0..818 / 40).map(move |j| (i * 40 + 3, j * 40 + 5)))
            .collect();
        for &(x, y) in &dots {
            dot(&mut new, x, y);
        }
        let regions = changed(&old, &new).expect("different");
        assert!(regions.len() <= MAX_REGIONS, "{} regions", regions.len());
        for (x, y) in dots {
            let inside = |r: &&super::Region| {
                (r.x..r.x + r.width).contains(&x) && (r.y..r.y + r.height).contains(&y)
            };
            assert!(
                regions.iter().any(|r| inside(&r)),
                "({x}, {y}) in no region"
            );
        }
    }

    #[test]
    fn two_far_apart_changes_are_two_tight_regions() {
        let old = white(300, 300);
        let mut new = white(300, 300);
        dot(&mut new, 10, 10);
        dot(&mut new, 11, 12);
        dot(&mut new, 250, 260);
        let mut regions = changed(&old, &new).expect("different");
        regions.sort_by_key(|r| r.x);
        let tight: Vec<_> = regions
            .iter()
            .map(|r| (r.x, r.y, r.width, r.height))
            .collect();
        assert_eq!(tight, [(10, 10, 2, 3), (250, 260, 1, 1)]);
        assert!(changed(&old, &white(300, 300)).is_none());
    }

    #[test]
    fn a_picture_of_another_size_differs_where_only_one_has_pixels() {
        let regions = changed(&white(100, 100), &white(100, 120)).expect("different");
        let r = regions[0];
        assert_eq!(
            (regions.len(), r.x, r.y, r.width, r.height),
            (1, 0, 100, 100, 20)
        );
    }
}
