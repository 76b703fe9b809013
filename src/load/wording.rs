//! How a guide's text names the organisation: the words a municipality chooses,
//! shared by its guides, and a guide's own words over them.

/// How the text names the municipality, in the genitive; `None` = by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wording {
    /// The first mention, e.g. "Kokkolan kaupungin".
    pub first: Option<String>,
    /// Later mentions, e.g. "kaupungin".
    pub later: Option<String>,
    /// Before the contact person, e.g. "kaupungin".
    pub contact: Option<String>,
}

impl Wording {
    /// These words where given, the `shared` ones elsewhere.
    pub fn over(&self, shared: &Wording) -> Wording {
        let pick = |own: &Option<String>, shared: &Option<String>| own.clone().or(shared.clone());
        Wording {
            first: pick(&self.first, &shared.first),
            later: pick(&self.later, &shared.later),
            contact: pick(&self.contact, &shared.contact),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guide_s_own_words_win_and_the_rest_are_shared() {
        let shared = Wording {
            first: Some("Espoon kaupungin".into()),
            later: Some("kunnan".into()),
            contact: None,
        };
        let own = Wording {
            later: Some("kaupungin".into()),
            ..Wording::default()
        };
        let merged = own.over(&shared);
        assert_eq!(merged.first.as_deref(), Some("Espoon kaupungin"));
        assert_eq!(merged.later.as_deref(), Some("kaupungin"));
        assert_eq!(merged.contact, None);
    }
}
