//! The client's address: the TCP peer, or, when the peer is one of the configured trusted proxies, the
//! address those proxies name in `X-Forwarded-For`. The logs and the login limits use it.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// The proxies whose `X-Forwarded-For` is believed: addresses or CIDR networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma-separated list of addresses (`10.0.0.5`, `::1`) and networks (`10.0.0.0/8`); empty for none.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                IpNet::from_str(s)
                    .or_else(|_| IpAddr::from_str(s).map(IpNet::from))
                    .map_err(|_| format!("not an address or CIDR network: {s:?}"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The TCP peer of a request: the client, or a proxy in front of it.
pub fn peer(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip().to_canonical())
}

/// The client's address as worked out for this request; every request carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The client's address for a request from `peer`: `X-Forwarded-For` is read only when the peer is a
/// trusted proxy, from the right (the nearest hop) leftwards, skipping trusted proxies; the first address
/// that is not one is the client. A hop that cannot be read stops the walk at the last address known.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            break;
        };
        client = ip;
        if !trusted.contains(ip) {
            break;
        }
    }
    client
}

/// An address as proxies write it: bare, or with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    IpAddr::from_str(hop)
        .ok()
        .or_else(|| SocketAddr::from_str(hop).ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// Middleware: puts the request's `ClientAddr` in its extensions, for the trace span and the handlers.
pub async fn note_client(
    State(trusted): State<std::sync::Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = client_address(peer(&request), request.headers(), &trusted);
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn the_list_takes_addresses_and_networks_and_refuses_anything_else() {
        let t = TrustedProxies::parse(" 127.0.0.1, 10.0.0.0/8,::1 ,").unwrap();
        assert!(t.contains(ip("127.0.0.1")));
        assert!(t.contains(ip("10.200.3.4")));
        assert!(t.contains(ip("::1")));
        assert!(
            t.contains(ip("::ffff:127.0.0.1")),
            "an IPv4-mapped peer is the IPv4 address"
        );
        assert!(!t.contains(ip("127.0.0.2")));
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        let err = TrustedProxies::parse("127.0.0.1, proxy.example").unwrap_err();
        assert!(err.contains("proxy.example"), "{err}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn forwarded_for_is_ignored_from_an_untrusted_peer() {
        let t = TrustedProxies::parse("10.0.0.1").unwrap();
        let h = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client_address(ip("198.51.100.7"), &h, &t),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &h, &TrustedProxies::default()),
            ip("10.0.0.1"),
            "no trusted proxies: the header is never read"
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client forged the first entry; the proxies appended the rest.
        let h = forwarded(&["1.1.1.1, 203.0.113.9", "10.0.0.7"]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &t), ip("203.0.113.9"));
        let h = forwarded(&["203.0.113.9:5555"]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &t), ip("203.0.113.9"));
        let h = forwarded(&["[2001:db8::1]:443"]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &t), ip("2001:db8::1"));
    }

    #[test]
    fn unreadable_or_missing_hops_leave_the_last_known_address() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let h = forwarded(&["203.0.113.9, garbage, 10.0.0.7"]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &t), ip("10.0.0.7"));
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &t),
            ip("10.0.0.1")
        );
        let h = forwarded(&["10.0.0.9"]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &h, &t),
            ip("10.0.0.9"),
            "all hops trusted: the farthest one"
        );
    }
}
