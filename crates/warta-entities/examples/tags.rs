//! Prints the tagger's BIO tags for whitespace-separated tokens, one sentence a line of standard input:
//! `echo "Presiden Joko Widodo tiba" | cargo run -p warta-entities --example tags`.

use std::io::BufRead;

fn main() -> anyhow::Result<()> {
    let tagger = warta_entities::Tagger::bundled()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let tags = tagger.tag(&tokens);
        let pairs: Vec<String> = tokens
            .iter()
            .zip(&tags)
            .map(|(w, t)| format!("{w}/{}", t.as_str()))
            .collect();
        println!("{}", pairs.join(" "));
    }
    Ok(())
}
