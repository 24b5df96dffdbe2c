//! When `listAll` asks for another page, stops, or gives up. Pure: JS fetches the pages
//! and asks this after each one.
//!
//! A project holds at most one integration per type (INTEGRATIONS.md §2), so a real list
//! fits on one page. A server or caching proxy that repeats the same page, a `next` link
//! that loops, or a `totalCount` of 10^15 must end the walk with a clear error rather than
//! run for ever: pages that repeat an earlier one are detected, and pages are capped.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use serde::Serialize;

/// The default page cap: 100 pages of 500 items is 50,000 integrations, thousands of times
/// what one project can hold.
pub const DEFAULT_MAX_PAGES: u32 = 100;

/// What `maxPages` accepts: 10,000 pages of 500 is 5 million integrations, far beyond any
/// project, and a walk that long is a server bug to stop at.
pub const MAX_PAGES: crate::range::WholeRange = crate::range::WholeRange::new(1, 10_000);

/// The `itemsPerPage` of `listAll`'s pages when the caller gives none: the most the API
/// serves, so that a project's list takes one request.
pub const LIST_ALL_ITEMS_PER_PAGE: u32 = 500;

/// What one page looked like, as far as walking on is concerned.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSeen<'a> {
    /// The JSON text of the page's `results` (what a repeat is recognised by).
    pub results_json: &'a str,
    /// How many results it had.
    pub results: usize,
    /// The page's `totalCount`, when it is a number.
    pub total_count: Option<f64>,
    /// Whether it had a `next` link, and its `href` when that is a string.
    pub next: Option<Option<&'a str>>,
}

/// Why the walk gave up (the `code` of the error JS throws).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WalkError {
    /// The page equals an earlier one: the server or a cache repeats itself.
    RepeatedPage,
    /// The `next` link points where an earlier page's did.
    NextLinkLoop,
    /// More pages than the cap.
    TooManyPages,
    /// `totalCount` says there are more items than the cap of pages can hold.
    ImplausibleTotalCount,
}

impl WalkError {
    pub fn message(self, max_pages: u32) -> String {
        match self {
            WalkError::RepeatedPage => "The server sent a page of integrations equal to an earlier one (a server or caching proxy repeating itself); listAll stopped.".to_owned(),
            WalkError::NextLinkLoop => "The server's `next` link points to a page already read; listAll stopped.".to_owned(),
            WalkError::TooManyPages => format!("The server still had more integrations after {max_pages} pages (the `maxPages` option); listAll stopped."),
            WalkError::ImplausibleTotalCount => format!("The server's totalCount is more than {max_pages} pages (the `maxPages` option) can hold; listAll stopped."),
        }
    }
}

/// The decision after a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Ask for this page number next.
    Next(u32),
    /// Every item has been read.
    Done,
    /// Give up with this error (the page's items have not been handed out).
    Fail(WalkError),
}

/// The state of one `listAll` walk.
/// The walk starts at page 1.
#[derive(Debug)]
pub struct PageWalk {
    items_per_page: u32,
    max_pages: u32,
    page_num: u32,
    pages: BTreeSet<u64>,
    links: BTreeSet<u64>,
}

fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl PageWalk {
    /// `items_per_page` and `max_pages` below 1 count as 1.
    pub fn new(items_per_page: u32, max_pages: u32) -> PageWalk {
        PageWalk {
            items_per_page: items_per_page.max(1),
            max_pages: max_pages.max(1),
            page_num: 1,
            pages: BTreeSet::new(),
            links: BTreeSet::new(),
        }
    }

    pub fn max_pages(&self) -> u32 {
        self.max_pages
    }

    /// The decision after the page just read: check it before handing out its items.
    pub fn after(&mut self, page: &PageSeen<'_>) -> Step {
        if page.results == 0 {
            return Step::Done;
        }
        if !self.pages.insert(fingerprint(page.results_json)) {
            return Step::Fail(WalkError::RepeatedPage);
        }
        let capacity = f64::from(self.max_pages) * f64::from(self.items_per_page);
        if page.total_count.is_some_and(|n| n > capacity) {
            return Step::Fail(WalkError::ImplausibleTotalCount);
        }
        if let Some(Some(href)) = page.next {
            if !self.links.insert(fingerprint(href)) {
                return Step::Fail(WalkError::NextLinkLoop);
            }
        }
        let short = page.results < self.items_per_page as usize;
        let counted = page
            .total_count
            .is_some_and(|n| f64::from(self.page_num) * f64::from(self.items_per_page) >= n);
        if page.next.is_none() && (short || counted) {
            return Step::Done;
        }
        if self.page_num >= self.max_pages {
            return Step::Fail(WalkError::TooManyPages);
        }
        self.page_num += 1;
        Step::Next(self.page_num)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'a>(json: &'a str, results: usize) -> PageSeen<'a> {
        PageSeen {
            results_json: json,
            results,
            total_count: None,
            next: None,
        }
    }

    #[test]
    fn one_short_page_is_all() {
        let mut w = PageWalk::new(500, DEFAULT_MAX_PAGES);
        assert_eq!(w.after(&page("[1,2]", 2)), Step::Done);
    }

    #[test]
    fn an_empty_page_ends_the_walk() {
        let mut w = PageWalk::new(2, 10);
        assert_eq!(w.after(&page("[]", 0)), Step::Done);
    }

    #[test]
    fn full_pages_walk_on_until_a_short_or_counted_one() {
        let mut w = PageWalk::new(2, 10);
        assert_eq!(w.after(&page("[1,2]", 2)), Step::Next(2));
        assert_eq!(w.after(&page("[3,4]", 2)), Step::Next(3));
        assert_eq!(w.after(&page("[5]", 1)), Step::Done);
        let mut w = PageWalk::new(2, 10);
        let counted = PageSeen {
            total_count: Some(4.0),
            ..page("[1,2]", 2)
        };
        assert_eq!(w.after(&counted), Step::Next(2));
        let last = PageSeen {
            total_count: Some(4.0),
            ..page("[3,4]", 2)
        };
        assert_eq!(w.after(&last), Step::Done);
    }

    #[test]
    fn a_next_link_walks_on_even_past_a_short_page() {
        let mut w = PageWalk::new(2, 10);
        let p = PageSeen {
            next: Some(Some("https://x/?pageNum=2")),
            ..page("[1]", 1)
        };
        assert_eq!(w.after(&p), Step::Next(2));
    }

    #[test]
    fn a_repeated_page_is_an_error() {
        // Issue 16 item 6: a proxy answering every page with the same 500 items.
        let mut w = PageWalk::new(2, DEFAULT_MAX_PAGES);
        assert_eq!(w.after(&page("[1,2]", 2)), Step::Next(2));
        assert_eq!(
            w.after(&page("[1,2]", 2)),
            Step::Fail(WalkError::RepeatedPage)
        );
    }

    #[test]
    fn a_next_link_loop_is_an_error() {
        let mut w = PageWalk::new(2, DEFAULT_MAX_PAGES);
        let a = PageSeen {
            next: Some(Some("/p?pageNum=2")),
            ..page("[1,2]", 2)
        };
        let b = PageSeen {
            next: Some(Some("/p?pageNum=2")),
            ..page("[3,4]", 2)
        };
        assert_eq!(w.after(&a), Step::Next(2));
        assert_eq!(w.after(&b), Step::Fail(WalkError::NextLinkLoop));
    }

    #[test]
    fn pages_are_capped() {
        let mut w = PageWalk::new(1, 3);
        let pages: Vec<String> = (0..4).map(|i| format!("[{i}]")).collect();
        let steps: Vec<Step> = pages
            .iter()
            .map(|p| PageSeen {
                next: Some(None),
                ..page(p, 1)
            })
            .map(|p| w.after(&p))
            .collect();
        assert_eq!(
            steps[..3],
            [
                Step::Next(2),
                Step::Next(3),
                Step::Fail(WalkError::TooManyPages)
            ]
        );
    }

    #[test]
    fn an_absurd_total_count_is_an_error_up_front() {
        let mut w = PageWalk::new(500, DEFAULT_MAX_PAGES);
        let p = PageSeen {
            total_count: Some(1e15),
            ..page("[1]", 1)
        };
        assert_eq!(w.after(&p), Step::Fail(WalkError::ImplausibleTotalCount));
        // A plausible count is no error.
        let mut w = PageWalk::new(500, DEFAULT_MAX_PAGES);
        let p = PageSeen {
            total_count: Some(1.0),
            ..page("[1]", 1)
        };
        assert_eq!(w.after(&p), Step::Done);
    }

    #[test]
    fn messages_name_the_option() {
        assert!(WalkError::TooManyPages.message(7).contains("7 pages"));
        assert!(WalkError::ImplausibleTotalCount
            .message(7)
            .contains("maxPages"));
    }

    #[test]
    fn zero_limits_count_as_one() {
        let mut w = PageWalk::new(0, 0);
        assert_eq!(w.max_pages(), 1);
        let p = PageSeen {
            next: Some(None),
            ..page("[1]", 1)
        };
        assert_eq!(w.after(&p), Step::Fail(WalkError::TooManyPages));
    }
}
