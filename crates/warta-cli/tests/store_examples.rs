//! The README's main job: `warta index examples/ --db … --show` on a fresh clone.

mod store_support;

use std::path::Path;

use store_support::{TempDir, run};

#[test]
fn indexing_the_bundled_examples_shows_who_said_what_and_is_idempotent() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let examples = examples.to_str().unwrap();
    let dir = TempDir::new("store-examples");
    let db = dir.join("examples.db").display().to_string();

    let (ok, first, stderr) = run(&["index", examples, "--db", &db, "--show"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("indexed 4 new and 0 updated articles"),
        "{stderr}"
    );
    // One heading per article: the title, or for the plain-text article where it was read from.
    for heading in [
        "KPK Periksa Tiga Saksi Kasus Pengadaan Alat Kesehatan (2025-11-03, document",
        "Sekjen PBB Serukan Gencatan Senjata (2025-11-04, document",
        "BI Tahan Suku Bunga Acuan (2025-11-05, document",
        "article.txt (document",
    ] {
        assert!(first.contains(heading), "{heading} missing in:\n{first}");
    }
    // The spokesman is named in full once ("Juru Bicara KPK Budi Prasetyo") and quoted as "Budi":
    // the quote is shown under his full name and role, in quotation marks because it is direct.
    assert!(
        first.contains(
            "Budi Prasetyo (Juru Bicara KPK): “Semua pihak yang terlibat akan kami panggil,”"
        ),
        "{first}"
    );
    assert!(
        first.contains(", indirect: Indonesia mendukung penuh seruan tersebut"),
        "{first}"
    );

    // Run again: the same articles are updated, not added, and the result reads the same.
    let (ok, second, stderr) = run(&["index", examples, "--db", &db, "--show"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("indexed 0 new and 4 updated articles"),
        "{stderr}"
    );
    assert_eq!(first, second);
}
