//! Development aid: the openings of articles where cleaning found no dateline.
//! `cargo run -p warta-text --example no_dateline -- FILE.jsonl [N]`

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: no_dateline FILE.jsonl [N]")?;
    let limit: usize = args.next().map_or(Ok(30), |n| n.parse())?;
    let (mut with, mut without) = (0, 0);
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let Some(text) = value["text"].as_str() else {
            continue;
        };
        if warta_text::clean(text).dateline.is_some() {
            with += 1;
        } else {
            without += 1;
            if without <= limit {
                let opening: String = text.chars().take(90).collect();
                println!("{:?} {opening:?}", value["source"].as_str().unwrap_or(""));
            }
        }
    }
    println!("with dateline {with}, without {without}");
    Ok(())
}
