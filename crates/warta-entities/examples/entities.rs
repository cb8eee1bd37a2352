//! Prints the entities the stage finds in an article read from standard input (after warta-text's
//! cleaning and segmentation): `cargo run -p warta-entities --example entities < article.txt`.

use std::io::Read;

use warta_core::{Document, Meta, Stage};
use warta_entities::EntityStage;

fn main() -> anyhow::Result<()> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let mut doc = Document::new(text, Meta::default());
    warta_text::Cleaner::new().process(&mut doc)?;
    warta_text::Segmenter::new().process(&mut doc)?;
    EntityStage::bundled()?.process(&mut doc)?;
    for (i, e) in doc.entities.iter().enumerate() {
        let mentions: Vec<&str> = e.mentions.iter().map(|m| doc.slice(m.span)).collect();
        println!(
            "{i} {:?} {:?} mentions={mentions:?} titles={:?} roles={:?} affiliation={:?}",
            e.label, e.name, e.titles, e.roles, e.affiliation
        );
    }
    Ok(())
}
