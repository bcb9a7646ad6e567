//! What a page kept for everyone leaves out: the inline scripts that would need a per-response nonce.

/// The HTML without its executable inline scripts (`<script>` and `<script nonce="…">` elements); data
/// blocks such as `<script type="application/ld+json">` stay.
pub(super) fn without_inline_scripts(html: &[u8]) -> Vec<u8> {
    const END: &[u8] = b"</script>";
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = find(rest, b"<script") {
        let after = &rest[start + b"<script".len()..];
        let executable = after.starts_with(b">") || after.starts_with(b" nonce=");
        let end = find(after, END).map(|e| start + b"<script".len() + e + END.len());
        match (executable, end) {
            (true, Some(end)) => {
                out.extend_from_slice(&rest[..start]);
                rest = &rest[end..];
            }
            _ => {
                let keep = start + b"<script".len();
                out.extend_from_slice(&rest[..keep]);
                rest = &rest[keep..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_pages_lose_their_hydration_scripts_but_keep_their_data() {
        let html = br#"<head><script type="application/ld+json">{"a":1}</script></head><body><p>x</p><script></script><!><script nonce="abc">__RESOLVED_RESOURCES=[];</script><script nonce="abc">x</script></body>"#;
        assert_eq!(
            String::from_utf8(without_inline_scripts(html)).unwrap(),
            r#"<head><script type="application/ld+json">{"a":1}</script></head><body><p>x</p><!></body>"#
        );
        assert_eq!(
            without_inline_scripts(b"<p>no scripts</p>"),
            b"<p>no scripts</p>"
        );
    }
}
