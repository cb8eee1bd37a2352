//! Titles, ranks, roles and affiliations read by the whole stage (bundled model, warta-text's cleaning
//! and segmentation) from hand-written sentences; the expected values were checked by hand.

use warta_core::{Document, Entity, EntityLabel, Meta, Stage};
use warta_entities::EntityStage;

fn people(text: &str) -> Vec<Entity> {
    let mut doc = Document::new(text, Meta::default());
    warta_text::Cleaner::new().process(&mut doc).unwrap();
    warta_text::Segmenter::new().process(&mut doc).unwrap();
    EntityStage::bundled().unwrap().process(&mut doc).unwrap();
    doc.entities
        .into_iter()
        .filter(|e| e.label == EntityLabel::Person)
        .collect()
}

fn person<'a>(people: &'a [Entity], name: &str) -> &'a Entity {
    people
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no person {name:?} in {people:#?}"))
}

#[test]
fn office_and_place_before_a_name() {
    let found = people(
        "Wali Kota Bandung Ratna Wulandari Siregar memastikan pemerintah kota akan menambah 40 unit bus listrik. Ratna mengatakan, armada itu sudah disetujui.",
    );
    let ratna = person(&found, "Ratna Wulandari Siregar");
    assert_eq!(ratna.roles, vec!["Wali Kota Bandung"]);
    assert!(ratna.titles.is_empty());
    assert_eq!(ratna.mentions.len(), 2, "the later \"Ratna\" is hers");
}

#[test]
fn rank_and_role_before_a_name() {
    let found = people(
        "Kapolres Metro Jakarta Selatan Kombes Ade Ary Syam Indradi mengatakan, pihaknya sudah memeriksa lima saksi.",
    );
    let ade = person(&found, "Ade Ary Syam Indradi");
    assert_eq!(ade.titles, vec!["Kombes"]);
    assert_eq!(ade.roles, vec!["Kapolres Metro Jakarta Selatan"]);
}

#[test]
fn appositive_role_and_affiliation_after_a_name() {
    let found = people(
        "James O'Brien, kepala Kantor Koordinasi Sanksi di Departemen Luar Negeri AS, mengatakan sanksi itu berlaku pekan depan.",
    );
    let james = person(&found, "James O'Brien");
    assert_eq!(
        james.roles,
        vec!["kepala Kantor Koordinasi Sanksi di Departemen Luar Negeri AS"]
    );
    assert_eq!(
        james.affiliation.as_deref(),
        Some("Departemen Luar Negeri AS")
    );
}

#[test]
fn role_before_a_comma_and_a_title() {
    let found = people(
        "Kepala Dinas Perhubungan Kota Bandung, Dr. Agus Santoso, M.Si., menjelaskan bahwa pengadaan bus menelan anggaran Rp 180,5 miliar.",
    );
    let agus = person(&found, "Agus Santoso");
    assert_eq!(agus.titles, vec!["Dr."]);
    assert_eq!(agus.roles, vec!["Kepala Dinas Perhubungan Kota Bandung"]);
}

#[test]
fn role_with_its_organisation_before_a_comma_and_a_rank() {
    let found = people(
        "Sementara itu, pengamat transportasi dari Institut Teknologi Bandung (ITB), Prof. Hendra Kusuma, menilai langkah tersebut sudah tepat.",
    );
    let hendra = person(&found, "Hendra Kusuma");
    assert_eq!(hendra.titles, vec!["Prof."]);
    assert_eq!(
        hendra.roles,
        vec!["pengamat transportasi dari Institut Teknologi Bandung (ITB)"]
    );
}
