//! Sentiment in the manner of VADER (Hutto & Gilbert, 2014): a valence lexicon, boosters
//! and dampeners, negation that flips and damps the next words, emphasis by CAPITALS and
//! exclamation marks, "but" shifting weight to what follows, and the sum normalised to a
//! compound score in [-1, 1]. English only, and a small lexicon of the words support
//! conversations use; other languages score near neutral, so frustration in them is caught
//! by the explicit cues of [`crate::frustration`] instead.

use crate::text::normalize;

/// Valences on VADER's scale (-4 … 4).
const LEXICON: &[(&str, f64)] = &[
    ("good", 1.9),
    ("great", 3.1),
    ("excellent", 3.2),
    ("amazing", 2.8),
    ("awesome", 3.1),
    ("perfect", 2.7),
    ("love", 3.2),
    ("like", 1.5),
    ("thanks", 1.9),
    ("thank", 1.5),
    ("helpful", 1.9),
    ("happy", 2.7),
    ("glad", 2.0),
    ("nice", 1.8),
    ("fine", 0.8),
    ("works", 1.0),
    ("worked", 1.0),
    ("solved", 1.5),
    ("fixed", 1.3),
    ("appreciate", 2.0),
    ("brilliant", 2.8),
    ("fantastic", 2.6),
    ("pleased", 1.9),
    ("bad", -2.5),
    ("terrible", -2.9),
    ("horrible", -2.5),
    ("awful", -2.0),
    ("worst", -3.1),
    ("useless", -1.8),
    ("hate", -2.7),
    ("angry", -2.3),
    ("furious", -3.0),
    ("mad", -2.2),
    ("annoyed", -1.6),
    ("annoying", -1.8),
    ("frustrated", -2.0),
    ("frustrating", -2.2),
    ("upset", -1.6),
    ("disappointed", -1.9),
    ("disappointing", -2.2),
    ("ridiculous", -2.0),
    ("unacceptable", -2.0),
    ("pathetic", -2.4),
    ("joke", -1.2),
    ("scam", -2.6),
    ("fed", -0.8),
    ("sick", -1.7),
    ("tired", -1.2),
    ("broken", -1.4),
    ("wrong", -2.1),
    ("problem", -1.7),
    ("issue", -0.8),
    ("fail", -2.3),
    ("failed", -2.3),
    ("failing", -2.3),
    ("fails", -2.3),
    ("error", -1.7),
    ("stupid", -2.4),
    ("incompetent", -2.5),
    ("waste", -1.8),
    ("wasted", -2.2),
    ("nightmare", -2.6),
    ("disgusting", -2.4),
    ("shame", -1.4),
    ("sad", -2.1),
    ("sorry", -0.3),
    ("worried", -1.7),
    ("confused", -1.3),
    ("unhappy", -1.8),
    ("hopeless", -2.0),
    ("lost", -1.3),
    ("stolen", -2.2),
    ("hacked", -2.0),
    ("damaged", -1.9),
    ("late", -0.8),
    ("delay", -1.0),
    ("never", -0.6),
    ("nothing", -0.5),
    ("bummer", -1.2),
    ("meh", -0.6),
    ("outrageous", -2.6),
    ("absurd", -1.9),
    ("insane", -1.7),
    ("garbage", -2.4),
    ("trash", -2.1),
    ("crap", -2.4),
    ("shit", -2.6),
    ("fuck", -2.5),
    ("fucking", -2.7),
    ("damn", -1.7),
    ("hell", -2.2),
    ("bullshit", -2.8),
    ("wtf", -2.8),
];

/// Words that strengthen (positive) or soften (negative) the next sentiment word.
const BOOSTERS: &[(&str, f64)] = &[
    ("very", 0.293),
    ("really", 0.293),
    ("so", 0.293),
    ("extremely", 0.293),
    ("totally", 0.293),
    ("completely", 0.293),
    ("absolutely", 0.293),
    ("incredibly", 0.293),
    ("fucking", 0.293),
    ("super", 0.293),
    ("utterly", 0.293),
    ("kinda", -0.293),
    ("slightly", -0.293),
    ("somewhat", -0.293),
    ("bit", -0.293),
    ("little", -0.293),
    ("barely", -0.293),
];

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "isn't", "isnt",
    "wasn't", "aren't", "can't", "cant", "won't", "nothing", "without", "nor",
];

/// Emphasis of a word written in capitals among mixed-case text (VADER's C_INCR).
const CAPS_BOOST: f64 = 0.733;
/// Negation damps and flips (VADER's N_SCALAR).
const NEGATION_SCALE: f64 = -0.74;

/// The compound sentiment of `text`: -1 (most negative) to 1 (most positive).
pub fn compound(text: &str) -> f64 {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    // Capitals emphasise only when the text is not all capitals (VADER's rule); shouting
    // in all capitals is a frustration cue of its own.
    let mixed_case =
        letters.iter().any(|c| c.is_lowercase()) && letters.iter().any(|c| c.is_uppercase());
    let words: Vec<String> = raw
        .iter()
        .map(|w| {
            normalize(w)
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_owned()
        })
        .collect();
    let mut scores = vec![0.0f64; words.len()];
    for (i, word) in words.iter().enumerate() {
        let Some(&(_, valence)) = LEXICON.iter().find(|(w, _)| w == word) else {
            continue;
        };
        let mut value = valence;
        if mixed_case
            && raw[i].chars().filter(|c| c.is_alphabetic()).count() > 1
            && raw[i].chars().all(|c| !c.is_lowercase())
        {
            value += CAPS_BOOST * value.signum();
        }
        for back in 1..=3 {
            let Some(j) = i.checked_sub(back) else { break };
            let scale = [1.0, 0.95, 0.9][back - 1];
            if let Some(&(_, boost)) = BOOSTERS.iter().find(|(b, _)| *b == words[j]) {
                value += boost * scale * value.signum();
            }
            if NEGATIONS.contains(&words[j].as_str()) {
                value *= NEGATION_SCALE;
            }
        }
        scores[i] = value;
    }
    // "but": what follows weighs more than what precedes.
    if let Some(at) = words.iter().position(|w| w == "but") {
        for (i, score) in scores.iter_mut().enumerate() {
            *score *= if i < at { 0.5 } else { 1.5 };
        }
    }
    let mut sum: f64 = scores.iter().sum();
    let exclamations = text.matches('!').count().min(4) as f64;
    if sum != 0.0 {
        sum += exclamations * 0.292 * sum.signum();
    }
    // VADER's normalisation with alpha = 15.
    sum / (sum * sum + 15.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polarity_and_intensity() {
        assert!(compound("thanks, that was really helpful") > 0.5);
        assert!(compound("this is terrible") < -0.4);
        assert!(compound("this is really terrible!!!") < compound("this is terrible"));
        assert!(
            compound("this is TERRIBLE and I am so angry")
                < compound("this is terrible and I am angry")
        );
        assert_eq!(compound("where is my parcel"), 0.0);
    }

    #[test]
    fn negation_flips_and_damps() {
        assert!(compound("not good") < 0.0);
        assert!(compound("not bad at all") > 0.0);
    }

    #[test]
    fn but_weighs_what_follows() {
        assert!(compound("the app is great but the export is broken and useless") < 0.0);
    }
}
