//! A dispatch checked once: its package, present (the router always sends one), and the
//! settings of its handoff, whatever the handoff type, read through one trait instead of an
//! extractor per connector.

use std::borrow::Cow;

use baton_proto::Invalid;
use baton_proto::v1::{
    EmailSettings, HandoffDispatch, HandoffPackage, IntercomSettings, SunshineSettings,
    TicketSettings, handoff,
};

/// The package of `dispatch`, borrowed; a dispatch without one is bad input (dead letter).
pub fn package(dispatch: &HandoffDispatch) -> Result<&HandoffPackage, Invalid> {
    dispatch
        .package
        .as_ref()
        .ok_or_else(|| Invalid::new("package", "a dispatch must carry the handoff package"))
}

/// The settings of one handoff type.
pub trait HandoffSettings: Clone + Default {
    /// These settings, when `settings` are of this type.
    fn of(settings: &handoff::Settings) -> Option<&Self>;
}

/// The settings of `dispatch`'s handoff when they are of type `T`, else `T`'s defaults.
pub fn settings<T: HandoffSettings>(dispatch: &HandoffDispatch) -> Cow<'_, T> {
    dispatch
        .handoff
        .as_ref()
        .and_then(|handoff| handoff.settings.as_ref())
        .and_then(T::of)
        .map_or_else(|| Cow::Owned(T::default()), Cow::Borrowed)
}

/// `HandoffSettings` for the settings type of one `handoff::Settings` variant.
macro_rules! handoff_settings {
    ($type:ty, $variant:ident) => {
        impl HandoffSettings for $type {
            fn of(settings: &handoff::Settings) -> Option<&Self> {
                // One variant is this type's; the others are other types' settings.
                if let handoff::Settings::$variant(settings) = settings {
                    Some(settings)
                } else {
                    None
                }
            }
        }
    };
}

handoff_settings!(IntercomSettings, Intercom);
handoff_settings!(SunshineSettings, ZendeskSunshine);
handoff_settings!(TicketSettings, ZendeskTicket);
handoff_settings!(EmailSettings, Email);
