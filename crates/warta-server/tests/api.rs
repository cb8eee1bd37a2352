//! The API and UI in-process (no socket), over a database of the hand-written sample articles.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use warta::{Pipeline, Warta};
use warta_server::{AppState, DEFAULT_BODY_LIMIT, ServerConfig, router_with};
use warta_store::{Store, sample};

struct Fixture {
    app: Router,
    state: std::sync::Arc<AppState>,
    dir: PathBuf,
    hostile_id: i64,
    /// The ids of the articles given to [`fixture_with`].
    extra_ids: Vec<i64>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fixture() -> Fixture {
    fixture_with(Vec::new())
}

/// The sample articles, the hostile one and `extra`.
fn fixture_with(extra: Vec<warta_core::output::OutputDocument>) -> Fixture {
    configured(extra, |_| {})
}

/// As [`fixture_with`], the server set up by `configure` (the default limits of a loopback server
/// otherwise, a cache of 64 entries).
fn configured(
    extra: Vec<warta_core::output::OutputDocument>,
    configure: impl FnOnce(&mut ServerConfig),
) -> Fixture {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "warta-server-api-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("corpus.db");
    let mut store = Store::open(&db).unwrap();
    for doc in sample::corpus() {
        store.index(&doc).unwrap();
    }
    let hostile_id = store.index(&sample::hostile()).unwrap().id;
    let extra_ids = extra
        .iter()
        .map(|doc| store.index(doc).unwrap().id)
        .collect();
    drop(store);
    let mut config = ServerConfig {
        readers: 4,
        cache_entries: 64,
        ..ServerConfig::new(&db)
    };
    configure(&mut config);
    let state = AppState::open(&config, Warta::with_pipeline(Pipeline::new())).unwrap();
    Fixture {
        app: router_with(std::sync::Arc::clone(&state), &config),
        state,
        dir,
        hostile_id,
        extra_ids,
    }
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String, axum::http::HeaderMap) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap(), headers)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let (status, body, _) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, body)
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, body) = get(app, uri).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn quotes_speakers_and_documents_answer_as_documented() {
    let f = fixture();
    let (status, body) = get_json(&f.app, "/quotes?q=beras").await;
    assert_eq!(status, StatusCode::OK);
    let quotes = body["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2);
    assert!(quotes.iter().all(|q| q["speaker"] == "Joko Widodo"));

    let (_, body) = get_json(
        &f.app,
        "/quotes?speaker=Jokowi&from=2025-07-01&to=&type=indirect",
    )
    .await;
    assert_eq!(body["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(
        body["quotes"][0]["text"],
        "mendukung langkah KPK menuntaskan perkara tersebut"
    );

    let (status, body) = get_json(&f.app, "/speakers?top=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["speakers"][0]["name"], "Joko Widodo");
    assert_eq!(body["speakers"][0]["statements"], 5);
    let id = body["speakers"][0]["id"].as_i64().unwrap();
    let (status, speaker) = get_json(&f.app, &format!("/speakers/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        speaker["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Jokowi")
    );
    assert_eq!(speaker["roles_over_time"][0]["role"], "Presiden");

    let doc_id = speaker["recent_quotes"][0]["document_id"].as_i64().unwrap();
    let (status, doc) = get_json(&f.app, &format!("/documents/{doc_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["output"]["schema"], "warta/1");
    assert_eq!(doc["quote_speakers"][2], id);

    let (status, docs) = get_json(&f.app, "/documents?q=defisit").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1);

    for missing in ["/speakers/999", "/documents/999"] {
        let (status, body) = get_json(&f.app, missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert!(body["error"].as_str().unwrap().contains("not found"));
    }
}

#[tokio::test]
async fn malformed_search_queries_are_400_with_a_message() {
    let f = fixture();
    for uri in [
        "/quotes?q=%22tiga+saksi",
        "/quotes?q=beras+AND",
        "/documents?q=(beras",
        "/quotes?from=kemarin",
        "/quotes?type=langsung",
        "/quotes?limit=banyak",
    ] {
        let (status, body) = get_json(&f.app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            !body["error"].as_str().unwrap_or("").is_empty(),
            "{uri}: {body}"
        );
    }
    let (status, page) = get(&f.app, "/?q=%22tiga+saksi").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("invalid search query"), "{page}");
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let f = fixture();
    let big = "a".repeat(DEFAULT_BODY_LIMIT + 1);
    for (uri, content_type, body) in [
        ("/extract", "text/plain", big.clone()),
        (
            "/extract",
            "application/json",
            format!("{{\"text\":\"{big}\"}}"),
        ),
        (
            "/ui/extract",
            "application/x-www-form-urlencoded",
            format!("text={big}"),
        ),
    ] {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        let (status, _, _) = send(&f.app, request).await;
        assert_eq!(
            status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{uri} {content_type}"
        );
    }
}

#[tokio::test]
async fn extract_returns_the_output_contract() {
    let f = fixture();
    let request = Request::post("/extract")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"text": "“Kami siap,” kata Budi.", "title": "Siap", "published": "2025-06-01"}"#,
        ))
        .unwrap();
    let (status, body, _) = send(&f.app, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let out: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(out["schema"], "warta/1");
    assert_eq!(out["text"], "“Kami siap,” kata Budi.");
    assert_eq!(out["published"], "2025-06-01");

    let bad = Request::post("/extract")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"title\": 1}"))
        .unwrap();
    assert_eq!(send(&f.app, bad).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn untrusted_text_renders_as_text() {
    let f = fixture();
    let pages = [
        format!("/ui/documents/{}", f.hostile_id),
        "/?q=ujian".to_owned(),
        "/?speaker=Andi".to_owned(),
    ];
    for uri in &pages {
        let (status, page) = get(&f.app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!page.contains("<script"), "{uri} has a script element");
        assert!(!page.contains("<img"), "{uri} has an img element");
        assert!(!page.contains("<b>judul"), "{uri} has the title's markup");
        assert!(
            page.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"),
            "{uri}"
        );
        assert!(
            page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{uri}"
        );
    }
    let request = Request::post("/ui/extract")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "title=%3Cscript%3Ex%3C%2Fscript%3E&text=%E2%80%9C%3Cimg+src%3Dx+onerror%3Dalert(1)%3E%E2%80%9D+kata+Budi.",
        ))
        .unwrap();
    let (status, page, headers) = send(&f.app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains("<img") && !page.contains("<script>x"),
        "{page}"
    );
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
}

/// The same escaped form the pages use for `text`.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const TITLE: &str = "Judul <xss-title> \"'&";
const SOURCE: &str = "evil.example <xss-source>";
const URL: &str = "https://evil.example/?a=\"><xss-url>";
const SPEAKER: &str = "Budi <xss-speaker>";
const ROLE: &str = "juru <xss-role> bicara";
const QUOTE: &str = "Tarif <xss-quote> naik,";

/// An article with markup of its own in every field a page shows: `<xss-FIELD>`.
fn hostile_in_every_field() -> warta_core::output::OutputDocument {
    let text = format!("Tarif listrik naik. “{QUOTE}” kata {SPEAKER} kepada wartawan.");
    sample::SampleBuilder::new(Some(URL), TITLE, Some("2025-08-02"), SOURCE, &text)
        .entity(
            warta_core::EntityLabel::Person,
            SPEAKER,
            &[SPEAKER],
            &[ROLE],
            None,
        )
        .quote(
            warta_core::QuoteKind::Direct,
            QUOTE,
            Some("kata"),
            Some(SPEAKER),
            Some(SPEAKER),
            Some(ROLE),
        )
        .build()
}

#[tokio::test]
async fn a_hostile_value_in_any_field_comes_out_escaped_on_every_page() {
    let f = fixture_with(vec![hostile_in_every_field()]);
    let doc_id = f.extra_ids[0];
    let (_, speakers) = get_json(&f.app, "/speakers?name=xss-speaker").await;
    let speaker_id = speakers["speakers"][0]["id"].as_i64().unwrap();
    let query = "tarif OR \"<xss-q>\"";
    let search = format!(
        "/?q={}&speaker=%3Cxss-speaker%3E&limit=1",
        query
            .replace(' ', "+")
            .replace('"', "%22")
            .replace('<', "%3C")
            .replace('>', "%3E")
    );
    let pages: [(String, StatusCode, Vec<&str>); 10] = [
        (
            "/".into(),
            StatusCode::OK,
            vec![TITLE, SOURCE, SPEAKER, ROLE],
        ),
        (
            search,
            StatusCode::OK,
            // The quote's first word is highlighted: <mark>Tarif</mark>.
            vec![
                query,
                "<xss-speaker>",
                TITLE,
                SOURCE,
                SPEAKER,
                ROLE,
                "<xss-quote> naik,",
            ],
        ),
        (
            format!("/ui/documents/{doc_id}"),
            StatusCode::OK,
            vec![TITLE, SOURCE, URL, SPEAKER, ROLE, QUOTE],
        ),
        ("/ui/speakers".into(), StatusCode::OK, vec![SPEAKER, ROLE]),
        (
            "/ui/speakers?name=%3Cxss-name%3E".into(),
            StatusCode::OK,
            vec!["<xss-name>"],
        ),
        (
            format!("/ui/speakers/{speaker_id}"),
            StatusCode::OK,
            vec![SPEAKER, ROLE, QUOTE, TITLE, SOURCE],
        ),
        (
            "/?type=%3Cxss-type%3E".into(),
            StatusCode::BAD_REQUEST,
            vec!["<xss-type>"],
        ),
        // The filters of issue 16: shown back in the form, or named in the error.
        (
            "/?outlet=%3Cxss-outlet%3E".into(),
            StatusCode::OK,
            vec!["<xss-outlet>"],
        ),
        (
            "/?q=tarif&sort=%3Cxss-sort%3E".into(),
            StatusCode::BAD_REQUEST,
            vec!["<xss-sort>"],
        ),
        (
            "/ui/speakers?kind=%3Cxss-kind%3E".into(),
            StatusCode::BAD_REQUEST,
            vec!["<xss-kind>"],
        ),
    ];
    for (uri, expected_status, shown) in &pages {
        let (status, page) = get(&f.app, uri).await;
        assert_eq!(status, *expected_status, "{uri}");
        assert!(!page.contains("<xss"), "{uri} lets markup through: {page}");
        for value in shown {
            assert!(
                page.contains(&escaped(value)),
                "{uri} does not show {value:?}"
            );
        }
    }
    // The next page's link carries the search percent-encoded, in an escaped attribute.
    let (_, page) = get(&f.app, &pages[1].0).await;
    assert!(
        page.contains(
            "href=\"/?offset=1&amp;q=tarif+OR+%22%3Cxss-q%3E%22&amp;speaker=%3Cxss-speaker%3E\""
        ),
        "{page}"
    );

    let form = format!(
        "title={}&url={}&text={}",
        "%3Cxss-title%3E", "%22%3E%3Cxss-url%3E", "%E2%80%9C%3Cxss-quote%3E%E2%80%9D+kata+Budi."
    );
    let request = Request::post("/ui/extract")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let (status, page, _) = send(&f.app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<xss"), "{page}");
    for value in ["<xss-title>", "\"><xss-url>", "“<xss-quote>” kata Budi."] {
        assert!(
            page.contains(&escaped(value)),
            "extract does not show {value:?}"
        );
    }
}

#[tokio::test]
async fn speaker_ranking_narrows_by_name_or_alias_with_and_without_dates() {
    let f = fixture();
    // Without dates the ranking reads the precomputed counts; with them it counts the quotes.
    for uri in [
        "/speakers?name=Jokowi",
        "/speakers?name=Jokowi&from=2000-01-01",
    ] {
        let (status, body) = get_json(&f.app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let speakers = body["speakers"].as_array().unwrap();
        assert_eq!(speakers.len(), 1, "{uri}: {body}");
        assert_eq!(speakers[0]["name"], "Joko Widodo", "{uri}");
        assert_eq!(speakers[0]["statements"], 5, "{uri}");
    }
    for uri in [
        "/speakers?name=Nobody",
        "/speakers?name=Nobody&from=2000-01-01",
    ] {
        let (_, body) = get_json(&f.app, uri).await;
        assert!(
            body["speakers"].as_array().unwrap().is_empty(),
            "{uri}: {body}"
        );
    }
}

#[tokio::test]
async fn pages_show_search_article_and_speaker() {
    let f = fixture();
    let (status, page) = get(&f.app, "/?q=beras").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<mark>beras</mark>"), "{page}");
    let (_, page) = get(&f.app, "/ui/speakers").await;
    assert!(page.contains(">Joko Widodo</a>"));
    let (_, page) = get(&f.app, "/").await;
    assert!(page.contains("Most quoted") && page.contains("Latest articles"));
    let (_, speakers) = get_json(&f.app, "/speakers?top=1").await;
    let id = speakers["speakers"][0]["id"].as_i64().unwrap();
    let (_, page) = get(&f.app, &format!("/ui/speakers/{id}")).await;
    assert!(page.contains("<h1 class=\"speaker-title\">Joko Widodo</h1>"));
    assert!(page.contains(&format!("href=\"/?speaker_id={id}\"")));
    let (_, page) = get(&f.app, &format!("/?speaker_id={id}&q=beras")).await;
    assert_eq!(page.matches("class=\"quote-card\"").count(), 2);
    assert!(page.contains(&format!("name=\"speaker_id\" value=\"{id}\"")));
    let (status, _) = get(&f.app, "/ui/speakers/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, css) = get(&f.app, "/assets/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains(".quote"));
}

#[tokio::test]
async fn the_report_is_served_for_the_period_asked() {
    let f = fixture();
    let (status, page, headers) = send(
        &f.app,
        Request::get("/report?from=2025-06&to=2025-07&top=5")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Joko Widodo"), "{page}");
    // The page's own policy: its styles are inline, and nothing else may load.
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("style-src 'unsafe-inline'") && csp.contains("default-src 'none'"));
    let (status, page) = get(&f.app, "/report").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("from=2025-06-01"), "{page}");
    let (status, _) = get(&f.app, "/report?from=2025-07-01&to=2025-06-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn openapi_describes_every_api_route() {
    let f = fixture();
    let (status, doc) = get_json(&f.app, "/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/quotes",
        "/speakers",
        "/speakers/{id}",
        "/documents",
        "/documents/{id}",
        "/extract",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} undocumented");
    }
    // Every documented GET route answers (with its id filled in).
    for path in doc["paths"].as_object().unwrap().keys() {
        if doc["paths"][path].get("get").is_some() {
            let uri = path.replace("{id}", "1");
            let (status, _) = get(&f.app, &uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
        }
    }
    // The parameters of issue 16 are described, and each documented value is taken.
    let parameters = |path: &str| -> Vec<Value> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .clone()
    };
    for (path, names) in [
        ("/quotes", &["outlet", "speaker_kind", "sort", "format"][..]),
        ("/speakers", &["kind", "format"][..]),
    ] {
        let documented = parameters(path);
        for name in names {
            let parameter = documented
                .iter()
                .find(|p| p["name"] == *name)
                .unwrap_or_else(|| panic!("{path}?{name} undocumented"));
            for value in parameter["schema"]["enum"].as_array().into_iter().flatten() {
                let uri = format!("{path}?{name}={}", value.as_str().unwrap());
                let (status, _) = get(&f.app, &uri).await;
                assert_eq!(status, StatusCode::OK, "{uri}");
            }
        }
    }
}

#[tokio::test]
async fn answers_are_cached_until_the_database_changes() {
    let f = fixture();
    let request = || Request::get("/quotes?q=beras").body(Body::empty()).unwrap();
    let (status, first, headers) = send(&f.app, request()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-cache"], "miss");
    let (_, second, headers) = send(&f.app, request()).await;
    assert_eq!(headers["x-cache"], "hit");
    assert_eq!(first, second);
    // Cached answers carry the same security headers as fresh ones.
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");

    // `warta index` commits one more article about rice: the next answer is computed afresh.
    let mut store = Store::open(f.dir.join("corpus.db")).unwrap();
    let text =
        "Petani di Karawang panen raya. “Harga beras di sawah sudah turun,” kata Dedi Mulyadi.";
    let doc = sample::SampleBuilder::new(
        None,
        "Panen Raya",
        Some("2025-08-01"),
        "contoh.example",
        text,
    )
    .entity(
        warta_core::EntityLabel::Person,
        "Dedi Mulyadi",
        &["Dedi Mulyadi"],
        &[],
        None,
    )
    .quote(
        warta_core::QuoteKind::Direct,
        "Harga beras di sawah sudah turun,",
        Some("kata"),
        Some("Dedi Mulyadi"),
        None,
        None,
    )
    .build();
    store.index(&doc).unwrap();
    drop(store);
    let (_, third, headers) = send(&f.app, request()).await;
    assert_eq!(headers["x-cache"], "miss");
    let third: Value = serde_json::from_str(&third).unwrap();
    assert_eq!(third["quotes"].as_array().unwrap().len(), 3);

    // Errors are never kept.
    let bad = || {
        Request::get("/quotes?q=%22unclosed")
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, headers) = send(&f.app, bad()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!headers.contains_key("x-cache"));
    let (_, _, headers) = send(&f.app, bad()).await;
    assert!(!headers.contains_key("x-cache"));
}

#[tokio::test]
async fn many_clients_asking_the_same_new_question_make_one_answer() {
    let f = fixture();
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let app = f.app.clone();
        clients.spawn(async move {
            let request = Request::get("/speakers?top=5").body(Body::empty()).unwrap();
            let (status, body, headers) = send(&app, request).await;
            assert_eq!(status, StatusCode::OK);
            (headers["x-cache"].to_str().unwrap().to_owned(), body)
        });
    }
    let answers = clients.join_all().await;
    let computed = answers.iter().filter(|(cache, _)| cache == "miss").count();
    assert_eq!(computed, 1, "{answers:?}");
    assert!(answers.iter().all(|(_, body)| *body == answers[0].1));
}

fn post(uri: &str, content_type: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, content_type);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

// Issue 17, defect 1: any web page could make the browser post an article to /extract
// (`text/plain` and forms need no permission across origins).
#[tokio::test]
async fn extract_takes_json_only_and_other_sites_cannot_post() {
    let f = fixture();
    let json = r#"{"text": "“Kami siap,” kata Budi."}"#;
    let (status, body, _) = send(&f.app, post("/extract", "text/plain", &[], "Kami siap.")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert!(body.contains("application/json"), "{body}");

    let host = ("host", "127.0.0.1:8080");
    for (uri, content_type, body) in [
        ("/extract", "application/json", json),
        (
            "/ui/extract",
            "application/x-www-form-urlencoded",
            "text=Kami+siap.",
        ),
    ] {
        for foreign in [
            vec![host, ("origin", "https://evil.example")],
            vec![host, ("origin", "null")],
            vec![host, ("sec-fetch-site", "cross-site")],
        ] {
            let (status, answer, _) = send(&f.app, post(uri, content_type, &foreign, body)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{uri} {foreign:?}");
            assert!(answer.contains("another site"), "{answer}");
        }
        // The UI's own form posts from the same origin, and scripts send no Origin at all.
        let own = [host, ("origin", "http://127.0.0.1:8080")];
        let (status, answer, _) = send(&f.app, post(uri, content_type, &own, body)).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
        let (status, _, _) = send(&f.app, post(uri, content_type, &[host], body)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
}

/// A request body whose end never comes: a client that stalls half way through its upload.
struct Stalled;

impl axum::body::HttpBody for Stalled {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

// Issue 17, defect 1: a request had no deadline (here: an upload that never ends).
#[tokio::test]
async fn requests_past_their_deadline_get_503_with_a_message() {
    let f = configured(Vec::new(), |c| {
        c.request_timeout = std::time::Duration::from_millis(300);
    });
    let request = Request::post("/extract")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(Stalled))
        .unwrap();
    // Without a deadline the upload would wait forever: give up (and fail) after 10 s.
    let answered = tokio::time::timeout(std::time::Duration::from_secs(10), send(&f.app, request));
    let (status, body, _) = answered.await.expect("no answer within 10 s");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("took longer than 0.3 s"), "{body}");
    assert_eq!(
        get(&f.app, "/health").await,
        (StatusCode::OK, "ok".to_owned())
    );
}

// Issue 17, defect 4: `aa* OR ab* OR …` with 400 prefixes took 2.6 s, with 5,000 over a minute.
#[tokio::test]
async fn hostile_searches_are_refused_before_they_run() {
    let f = fixture();
    let prefixes = (0..400)
        .map(|i| format!("a{i}*"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let query: String = form_urlencoded_q(&prefixes);
    let started = std::time::Instant::now();
    for uri in [
        format!("/quotes?q={query}"),
        format!("/documents?q={query}"),
        format!("/?q={query}"),
    ] {
        let (status, body) = get(&f.app, &uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(body.contains("400 prefix* terms, at most 8"), "{body}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

fn form_urlencoded_q(text: &str) -> String {
    text.replace('*', "%2A").replace(' ', "+")
}

// Issue 17, defect 17: DNS rebinding lets a page on `evil.example` read a loopback server.
#[tokio::test]
async fn a_loopback_server_answers_to_loopback_host_names_alone() {
    let f = fixture();
    let with_host = |host: &str| {
        Request::get("/quotes?q=beras")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    for host in ["evil.example", "evil.example:8080", "10.0.0.5:8080"] {
        let (status, body, _) = send(&f.app, with_host(host)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
        assert!(body.contains("does not answer to the host name"), "{body}");
    }
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        assert_eq!(
            send(&f.app, with_host(host)).await.0,
            StatusCode::OK,
            "{host}"
        );
    }
    let named = configured(Vec::new(), |c| {
        c.allowed_hosts = vec!["warta.lan".to_owned()]
    });
    assert_eq!(
        send(&named.app, with_host("warta.lan:8080")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        send(&named.app, with_host("evil.example")).await.0,
        StatusCode::FORBIDDEN
    );
}

// Issue 17, defect 17: `limit=5000` answered 1,000 quotes but said 5000; a huge offset wrapped to
// the first page.
#[tokio::test]
async fn limit_and_offset_say_what_was_used() {
    let f = fixture();
    let (_, page) = get_json(&f.app, "/quotes?limit=5000").await;
    assert_eq!(page["limit"], 1000);
    let (_, page) = get_json(&f.app, "/quotes?limit=0").await;
    assert_eq!(page["limit"], 50);
    let (_, page) = get_json(&f.app, "/quotes?limit=2").await;
    assert_eq!(page["limit"], 2);
    assert_eq!(page["quotes"].as_array().unwrap().len(), 2);
    let (status, page) = get_json(&f.app, &format!("/quotes?offset={}", usize::MAX)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["offset"], i64::MAX);
    assert_eq!(page["quotes"].as_array().unwrap().len(), 0, "{page}");
}

// Issue 17, defect 8: 400 distinct `/speakers?top=…` took the server from 230 to 537 MB.
#[tokio::test]
async fn the_cache_keys_on_what_routes_read_and_stays_within_its_byte_budget() {
    const BUDGET: usize = 16 * 1024;
    let f = configured(Vec::new(), |c| {
        c.cache_entries = 1024;
        c.cache_bytes = BUDGET;
    });
    let state = &f.state;
    for top in 1..400 {
        let (status, _) = get(&f.app, &format!("/speakers?top={top}&junk={top}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            state.cached_bytes() <= BUDGET,
            "{} bytes",
            state.cached_bytes()
        );
    }
    assert!(state.cached_bytes() > 0);
    let ask = |uri: &str| send(&f.app, Request::get(uri).body(Body::empty()).unwrap());
    let (_, first, headers) = ask("/speakers?top=777&x=1").await;
    assert_eq!(headers["x-cache"], "miss");
    let (_, second, headers) = ask("/speakers?x=2&top=0777&name=").await;
    assert_eq!(headers["x-cache"], "hit");
    assert_eq!(first, second);
}

#[tokio::test]
async fn the_speaker_page_suggests_likely_merges_with_the_command_that_confirms_them() {
    // Made up: "Putin" quoted by an outlet that never names him in full, so no join at indexing.
    let article = |url: &str, outlet: &str, text: &str, name: &str, quote: &str| {
        warta_store::sample::quoting(url, outlet, "2025-06-02", text, name, &[name], quote)
    };
    let f = fixture_with(vec![
        article(
            "https://a.example/1",
            "a.example",
            "Vladimir Putin menerima tamu. “Kami siap berunding,” kata Vladimir Putin.",
            "Vladimir Putin",
            "Kami siap berunding,",
        ),
        article(
            "https://b.example/1",
            "b.example",
            "Putin berbicara di Moskwa. “Sanksi tidak berguna,” kata Putin.",
            "Putin",
            "Sanksi tidak berguna,",
        ),
    ]);
    let (_, found) = get_json(&f.app, "/speakers?name=Putin").await;
    let ids: Vec<(String, i64)> = found["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["id"].as_i64().unwrap(),
            )
        })
        .collect();
    let id = |name: &str| ids.iter().find(|(n, _)| n == name).unwrap().1;
    let (vladimir, putin) = (id("Vladimir Putin"), id("Putin"));
    let command = format!("warta speakers merge {vladimir} {putin}");
    for page_of in [putin, vladimir] {
        let (status, page) = get(&f.app, &format!("/ui/speakers/{page_of}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Perhaps the same person"), "{page}");
        assert!(page.contains(&format!("<code>{command}</code>")), "{page}");
        assert!(page.contains("word “putin”"), "{page}");
    }
    // A speaker without any: no section.
    let (_, speakers) = get_json(&f.app, "/speakers?top=1").await;
    let top = speakers["speakers"][0]["id"].as_i64().unwrap();
    let (_, page) = get(&f.app, &format!("/ui/speakers/{top}")).await;
    assert!(!page.contains("Perhaps the same person"));
}

#[tokio::test]
async fn searches_say_their_true_total_and_download_whole_as_csv_or_json() {
    let f = fixture();
    let (status, all) = get_json(&f.app, "/quotes?limit=1000").await;
    assert_eq!(status, StatusCode::OK);
    let every = all["quotes"].as_array().unwrap().len() as u64;
    assert!(every > 2);
    let (_, page) = get_json(&f.app, "/quotes?limit=2").await;
    assert_eq!(page["quotes"].as_array().unwrap().len(), 2);
    assert_eq!(page["total"], every);
    let (_, beras) = get_json(&f.app, "/quotes?q=beras&limit=1").await;
    assert_eq!(beras["total"], 2);
    let (_, docs) = get_json(&f.app, "/documents?q=beras&limit=1").await;
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1);
    assert!(docs["total"].as_u64().unwrap() >= 1);

    // A download holds the whole result, not one page.
    let (status, csv, headers) = send(
        &f.app,
        Request::get("/quotes?limit=1&format=csv")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("quotes.csv")
    );
    // One header line, then a line per quote (no quote of the samples spans lines).
    assert!(csv.starts_with("quote_id,"), "{csv}");
    assert_eq!(csv.lines().count() as u64, every + 1);
    let (status, json, headers) = send(
        &f.app,
        Request::get("/quotes?q=beras&format=json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("quotes.json")
    );
    let rows: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    let (status, csv, _) = send(
        &f.app,
        Request::get("/speakers?kind=person&format=csv")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, people) = get_json(&f.app, "/speakers?kind=person").await;
    let people = people["speakers"].as_array().unwrap();
    assert!(!people.is_empty());
    assert!(people.iter().all(|s| s["kind"] == "PER"));
    assert_eq!(csv.lines().count(), people.len() + 1);
    let (status, body) = get_json(&f.app, "/quotes?format=xml").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("csv"));
}

#[tokio::test]
async fn pages_write_dates_and_numbers_as_indonesian_readers_do_and_offer_downloads() {
    let f = fixture();
    let (status, page) = get(&f.app, "/?q=beras&sort=newest").await;
    assert_eq!(status, StatusCode::OK);
    // The samples' rice quotes were said on 10 June 2025 (sample.rs).
    assert!(page.contains(">10 Juni 2025</time>"), "{page}");
    assert!(page.contains("1–2 of 2"), "{page}");
    assert!(
        page.contains("href=\"/quotes?q=beras&amp;sort=newest&amp;format=csv\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/quotes?q=beras&amp;sort=newest&amp;format=json\""),
        "{page}"
    );
    // The chosen sort stays chosen, the filters keep their examples as placeholders.
    assert!(
        page.contains("<option value=\"newest\" selected>"),
        "{page}"
    );
    assert!(page.contains("placeholder=\"e.g. kompas\""), "{page}");
    assert!(page.contains("name=\"outlet\" value=\"\""), "{page}");
    let (_, page) = get(&f.app, "/ui/speakers?kind=person").await;
    assert!(
        page.contains("href=\"/speakers?top=100&amp;kind=person&amp;format=csv\""),
        "{page}"
    );
    assert!(!page.contains("<span class=\"kind\">ORG</span>"), "{page}");
    // A speaker quoted within a month is charted by day.
    let (_, speakers) = get_json(&f.app, "/speakers?name=Joko").await;
    let id = speakers["speakers"][0]["id"].as_i64().unwrap();
    let (_, detail) = get_json(&f.app, &format!("/speakers/{id}")).await;
    let daily = detail["daily"].as_array().unwrap();
    assert!(!daily.is_empty());
    let (_, page) = get(&f.app, &format!("/ui/speakers/{id}")).await;
    let first = daily[0]["day"].as_str().unwrap();
    let last = daily.last().unwrap()["day"].as_str().unwrap();
    let day = |d: &str| {
        warta_dates::CivilDate::from_iso_prefix(d)
            .unwrap()
            .to_days()
    };
    // Both ends counted, as `timeline::Step::for_period` counts them.
    let days = day(last) - day(first) + 1;
    let expected = if days <= 31 {
        "per day"
    } else if days <= 182 {
        "per week"
    } else {
        "per month"
    };
    assert!(page.contains(expected), "{page}");
    assert!(page.contains("Juni 2025"), "{page}");
}

#[tokio::test]
async fn an_untitled_plain_text_article_is_titled_by_its_first_line() {
    let body = "Harga cabai naik lagi\n\n“Kami rugi,” kata Siti Aminah di pasar.";
    let doc = sample::SampleBuilder::new(None, "", Some("2025-06-18"), "contoh.example", body)
        .quote(
            warta_core::QuoteKind::Direct,
            "Kami rugi,",
            Some("kata"),
            Some("Siti Aminah"),
            Some("Siti Aminah"),
            None,
        )
        .build();
    let f = fixture_with(vec![doc]);
    let (_, page) = get(&f.app, &format!("/ui/documents/{}", f.extra_ids[0])).await;
    assert!(
        page.contains("<h1 class=\"article-title\">Harga cabai naik lagi</h1>"),
        "{page}"
    );
    let (_, page) = get(&f.app, "/?q=rugi").await;
    assert!(page.contains(">Harga cabai naik lagi</a>"), "{page}");
}
