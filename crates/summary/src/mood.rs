//! The customer's mood, as the summary tells it: the latest messages' signs of frustration
//! (the trigger engine's own cues) and their sentiment.

/// The customer's mood over a conversation, for the summary a human reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// Neutral or positive.
    Calm,
    /// Unhappy.
    Negative,
    /// Clearly frustrated or angry.
    Frustrated,
}

impl Mood {
    /// `calm`, `negative`, `frustrated`.
    pub fn label(self) -> &'static str {
        match self {
            Mood::Calm => "calm",
            Mood::Negative => "negative",
            Mood::Frustrated => "frustrated",
        }
    }
}

/// The mood of the customer's messages, weighted to the latest three.
pub fn mood(user_texts: &[&str]) -> Mood {
    let recent = &user_texts[user_texts.len().saturating_sub(3)..];
    if recent.iter().any(|t| baton_triggers::clearly_frustrated(t)) {
        return Mood::Frustrated;
    }
    if recent.is_empty() {
        return Mood::Calm;
    }
    let average = recent
        .iter()
        .map(|t| baton_triggers::sentiment::compound(t))
        .sum::<f64>()
        / recent.len() as f64;
    if average <= -0.6 {
        Mood::Frustrated
    } else if average <= -0.25 {
        Mood::Negative
    } else {
        Mood::Calm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mood_of_a_conversation() {
        assert_eq!(mood(&["where is my order?", "ok thanks"]), Mood::Calm);
        assert_eq!(mood(&["hmm, that is disappointing"]), Mood::Negative);
        assert_eq!(
            mood(&["THIS IS THE THIRD TIME I AM WRITING TO YOU"]),
            Mood::Frustrated
        );
        assert_eq!(Mood::Frustrated.label(), "frustrated");
    }
}
