//! Which addresses the page cache may keep. The cache knows no feature: each feature declares its public
//! addresses whose response is the same for every visitor without a session until the next change, and the
//! routes give the cache those declarations (`PageCache::keep`).

/// A public address whose response may be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cacheable {
    /// This path exactly.
    Path(&'static str),
    /// A path below `prefix` (not the prefix itself) that ends in one of `endings`, or in anything when
    /// `endings` is empty.
    Below {
        prefix: &'static str,
        endings: &'static [&'static str],
    },
}

impl Cacheable {
    /// Whether `path` is this address.
    pub fn matches(&self, path: &str) -> bool {
        match *self {
            Cacheable::Path(p) => path == p,
            Cacheable::Below { prefix, endings } => path.strip_prefix(prefix).is_some_and(|rest| {
                !rest.is_empty()
                    && (endings.is_empty() || endings.iter().any(|e| rest.ends_with(e)))
            }),
        }
    }
}

/// Whether `path` names one of the site's built files (`/pkg/…`, and the icons and manifest at the root),
/// which are the same for everyone, signed in or not.
pub fn is_build_file(path: &str) -> bool {
    path.starts_with("/pkg/")
        || (path.rfind('/') == Some(0)
            && [".png", ".ico", ".svg", ".webmanifest", ".css", ".txt"]
                .iter()
                .any(|ext| path.ends_with(ext)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_below_a_prefix_matches_only_with_one_of_its_endings() {
        let pages = Cacheable::Below {
            prefix: "/a/",
            endings: &[],
        };
        assert!(pages.matches("/a/x") && pages.matches("/a/x/y"));
        assert!(!pages.matches("/a/") && !pages.matches("/b/x"));
        let data = Cacheable::Below {
            prefix: "/api/",
            endings: &["/data", "/data.csv"],
        };
        assert!(data.matches("/api/x/data") && data.matches("/api/x/data.csv"));
        assert!(!data.matches("/api/x/other.csv"));
        assert!(Cacheable::Path("/").matches("/") && !Cacheable::Path("/").matches("/x"));
    }

    #[test]
    fn the_build_files_are_the_package_and_the_files_at_the_root() {
        assert!(is_build_file("/pkg/lofte.wasm") && is_build_file("/favicon.svg"));
        assert!(!is_build_file("/admin") && !is_build_file("/a/b.css"));
    }
}
