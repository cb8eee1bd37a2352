//! What keeps the server bounded and its own: a deadline on every request, and the Host and Origin
//! checks that stop other web sites from using it through the visitor's browser.
//!
//! A loopback server is reachable by any page the user opens: the page can send it requests (a form
//! posts `text/plain` or form bodies cross-origin without asking), and with DNS rebinding
//! (`evil.example` resolving to 127.0.0.1) it can even read the answers. So a loopback server
//! answers only to loopback host names, and requests that change or compute something (any method
//! but GET and HEAD) must come from its own pages or from a non-browser client.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::ApiError;

/// The host names a server answers to.
#[derive(Debug)]
pub(crate) struct HostPolicy {
    /// Lower-case names (without port) accepted besides loopback ones.
    allowed: Vec<String>,
    /// Whether any name is accepted: a server bound beyond loopback with no names configured.
    any: bool,
}

impl HostPolicy {
    pub(crate) fn new(addr: SocketAddr, allowed: &[String]) -> HostPolicy {
        HostPolicy {
            allowed: allowed
                .iter()
                .map(|h| host_name(h).to_ascii_lowercase())
                .collect(),
            any: allowed.is_empty() && !addr.ip().is_loopback(),
        }
    }

    fn accepts(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        self.any || is_loopback_name(&name) || self.allowed.contains(&name)
    }
}

/// The name part of a `Host` value or of an origin's authority: `[::1]:8080` → `::1`,
/// `localhost:8080` → `localhost`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

fn is_loopback_name(name: &str) -> bool {
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Why a request is refused, if it is: a Host the server does not answer to, or a request that
/// changes or computes something sent by another site's page.
fn refusal(hosts: &HostPolicy, method: &Method, headers: &HeaderMap) -> Option<String> {
    // Clients that send no Host at all (HTTP/1.0 tools) are not browsers, which always send one.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if let Some(host) = host
        && !hosts.accepts(host)
    {
        return Some(format!(
            "this server does not answer to the host name `{}`",
            host_name(host)
        ));
    }
    if matches!(*method, Method::GET | Method::HEAD) {
        return None;
    }
    // Browsers send Origin with every POST; non-browser clients usually send none, and cannot be
    // driven by a web page anyway.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let authority = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, authority)| authority.trim_end_matches('/'));
        let same = match (authority, host) {
            (Some(authority), Some(host)) => authority.eq_ignore_ascii_case(host),
            _ => false,
        };
        if !same {
            return Some(format!(
                "a {method} from another site ({}) is refused",
                origin.to_str().unwrap_or("an unreadable origin")
            ));
        }
    } else if headers
        .get("sec-fetch-site")
        .is_some_and(|site| site.as_bytes().eq_ignore_ascii_case(b"cross-site"))
    {
        return Some(format!("a {method} from another site is refused"));
    }
    None
}

/// Middleware: refuses requests for host names the server does not answer to and state-changing
/// requests from other sites, with 403 before any work is done.
pub(crate) async fn same_site(
    State(hosts): State<Arc<HostPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    match refusal(&hosts, request.method(), request.headers()) {
        Some(message) => ApiError::new(StatusCode::FORBIDDEN, message).into_response(),
        None => next.run(request).await,
    }
}

/// Middleware: answers 503 when a request (reading its body included) is not done by the deadline.
/// Dropping the handler's future is what stops its queries (see `AppState::read`).
pub(crate) async fn deadline(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::too_slow(timeout).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn loopback_servers_answer_to_loopback_names_alone_unless_told() {
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let policy = HostPolicy::new(loopback, &[]);
        for host in [
            "localhost:8080",
            "LOCALHOST",
            "127.0.0.1:8080",
            "127.0.0.2",
            "[::1]:8080",
            "app.localhost:8080",
        ] {
            assert!(policy.accepts(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "192.168.1.5:8080",
            "localhost.evil.example",
        ] {
            assert!(!policy.accepts(host), "{host}");
        }
        let configured = HostPolicy::new(loopback, &["warta.example".to_owned()]);
        assert!(configured.accepts("warta.example:8080"));
        assert!(!configured.accepts("evil.example"));
        let exposed = HostPolicy::new("0.0.0.0:8080".parse().unwrap(), &[]);
        assert!(exposed.accepts("warta.internal"));
    }

    #[test]
    fn posts_from_other_sites_are_refused_and_same_site_ones_pass() {
        let policy = HostPolicy::new("127.0.0.1:8080".parse().unwrap(), &[]);
        let post = Method::POST;
        let same = headers(&[
            ("host", "localhost:8080"),
            ("origin", "http://localhost:8080"),
        ]);
        assert_eq!(refusal(&policy, &post, &same), None);
        // curl and scripts send no Origin.
        assert_eq!(
            refusal(&policy, &post, &headers(&[("host", "127.0.0.1:8080")])),
            None
        );
        for bad in [
            headers(&[
                ("host", "localhost:8080"),
                ("origin", "https://evil.example"),
            ]),
            headers(&[("host", "localhost:8080"), ("origin", "null")]),
            headers(&[
                ("host", "localhost:8080"),
                ("origin", "http://localhost:9999"),
            ]),
            headers(&[("host", "localhost:8080"), ("sec-fetch-site", "cross-site")]),
            headers(&[
                ("host", "evil.example:8080"),
                ("origin", "http://evil.example:8080"),
            ]),
        ] {
            let message = refusal(&policy, &post, &bad).expect("refused");
            assert!(
                message.contains("refused") || message.contains("host name"),
                "{message}"
            );
        }
        // Reading is not refused for its origin (links from elsewhere must open), only for its host.
        let linked = headers(&[
            ("host", "localhost:8080"),
            ("origin", "https://evil.example"),
        ]);
        assert_eq!(refusal(&policy, &Method::GET, &linked), None);
    }
}
