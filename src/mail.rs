//! Outgoing e-mail: over SMTP when a server is configured, otherwise into
//! the outbox that the programme manager reads in the UI (DESIGN.md: "every
//! flow can be tried on one machine"). The outbox table is read and
//! written here, below every part that sends mail (the monitor's outbox
//! page reads it through [`outbox`]).

use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::on_db;
use crate::store::Db;

/// How SMTP connections are secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SmtpTls {
    /// Plain connection (only for a relay on the same host or network).
    None,
    /// STARTTLS required.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// SMTP settings; no host means "use the outbox".
#[derive(Clone, Default)]
pub struct SmtpSettings {
    pub host: Option<String>,
    pub port: u16,
    pub tls: Option<SmtpTls>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
    /// Without SMTP: print each outbox message's real link on the console,
    /// in this language (the demo, so its invitations can be tried; the
    /// outbox itself shows the link masked).
    pub console_links: Option<crate::i18n::Lang>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("console_links", &self.console_links)
            .finish()
    }
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// No SMTP server: messages are kept for the programme manager to read,
    /// with their secret links masked; `console` prints the real links.
    Outbox { console: Option<crate::i18n::Lang> },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address {0:?}")]
    Address(String),
    #[error("smtp: {0}")]
    Smtp(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl Mailer {
    pub fn from_settings(s: &SmtpSettings) -> Result<Mailer, MailError> {
        let Some(host) = s.host.as_deref().filter(|h| !h.is_empty()) else {
            return Ok(Mailer::Outbox {
                console: s.console_links,
            });
        };
        let tls = match s.tls.unwrap_or(SmtpTls::Starttls) {
            SmtpTls::None => Tls::None,
            SmtpTls::Starttls => Tls::Required(
                TlsParameters::new(host.into()).map_err(|e| MailError::Smtp(e.to_string()))?,
            ),
            SmtpTls::Tls => Tls::Wrapper(
                TlsParameters::new(host.into()).map_err(|e| MailError::Smtp(e.to_string()))?,
            ),
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(s.port)
            .tls(tls);
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            b = b.credentials(Credentials::new(u.clone(), p.clone()));
        }
        let from = s
            .from
            .parse()
            .map_err(|_| MailError::Address(s.from.clone()))?;
        Ok(Mailer::Smtp {
            transport: b.build(),
            from,
        })
    }

    /// Sends one plain-text message, or stores it in the outbox. `secret`
    /// is a link in `body` that only the recipient may have (a survey
    /// link): the outbox keeps the message with that link masked, so no
    /// working link is stored or shown to the programme manager (issue 11,
    /// class 9); the real link goes only over SMTP (or, in the demo, to
    /// the console).
    pub async fn send(
        &self,
        db: &Db,
        wave_id: Option<i64>,
        to: &str,
        subject: &str,
        body: &str,
        secret: Option<&str>,
    ) -> Result<(), MailError> {
        self.send_with(db, wave_id, to, subject, body, secret, None)
            .await
    }

    /// [`Mailer::send`] with one attachment (an event's `.ics`): over SMTP
    /// a `multipart/mixed` message, in the outbox a file kept beside the
    /// message.
    #[allow(clippy::too_many_arguments)]
    pub async fn send_with(
        &self,
        db: &Db,
        wave_id: Option<i64>,
        to: &str,
        subject: &str,
        body: &str,
        secret: Option<&str>,
        attachment: Option<&Attachment>,
    ) -> Result<(), MailError> {
        match self {
            Mailer::Outbox { console } => {
                let stored = match secret {
                    Some(link) if !link.is_empty() => body.replace(link, &mask_link(link)),
                    _ => body.to_string(),
                };
                outbox_add_with(db, wave_id, to, subject, &stored, attachment).await?;
                if let (Some(lang), Some(link)) = (console, secret) {
                    println!(
                        "{}",
                        crate::i18n::Tr::new(*lang).msg(
                            &crate::i18n::Msg::new("cli-demo-outbox-link")
                                .arg("to", to)
                                .arg("url", link)
                        )
                    );
                }
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to: Mailbox = to.parse().map_err(|_| MailError::Address(to.to_string()))?;
                let builder = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(subject);
                let msg = match attachment {
                    None => builder
                        .header(ContentType::TEXT_PLAIN)
                        .body(body.to_string()),
                    Some(a) => {
                        let kind = ContentType::parse(&a.content_type)
                            .map_err(|e| MailError::Smtp(e.to_string()))?;
                        builder.multipart(
                            MultiPart::mixed()
                                .singlepart(SinglePart::plain(body.to_string()))
                                .singlepart(
                                    lettre::message::Attachment::new(a.name.clone())
                                        .body(a.bytes.clone(), kind),
                                ),
                        )
                    }
                }
                .map_err(|e| MailError::Smtp(e.to_string()))?;
                transport
                    .send(msg)
                    .await
                    .map_err(|e| MailError::Smtp(e.to_string()))?;
                Ok(())
            }
        }
    }

    pub fn is_outbox(&self) -> bool {
        matches!(self, Mailer::Outbox { .. })
    }
}

/// A link with its secret part (the last path segment) hidden:
/// `https://host/s/•••••••` for a survey link,
/// `https://host/events/cancel/•••••••` for an event's cancellation link,
/// only dots for a bare token.
pub fn mask_link(link: &str) -> String {
    const DOTS: &str = "•••••••";
    match link.rfind('/') {
        Some(i) if link[..i].contains("://") || link.starts_with('/') => {
            format!("{}{DOTS}", &link[..i + 1])
        }
        _ => DOTS.to_string(),
    }
}

/// One file sent with a message (an event's `.ics`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    /// Its MIME type, e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A plausible e-mail address: what lettre's `Address` (the parser the
/// SMTP transport uses) accepts, with a dot in the domain: lettre allows a
/// bare domain (`jan@nl`, valid in RFC 5321), which is always a typing
/// error here. (Deliverability is the mail server's business.)
pub fn plausible_address(s: &str) -> bool {
    s.parse::<lettre::Address>().is_ok_and(|a| {
        let d = a.domain();
        d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
    })
}

// --- outbox ------------------------------------------------------------------------

/// A message kept in the outbox (its secret link already masked).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: time::OffsetDateTime,
    /// The name of its attachment, if it has one.
    pub attachment_name: Option<String>,
}

/// Deletes a wave's messages from the outbox, inside the transaction that
/// closes the wave (`monitor::store::advance`): with the e-mail list they
/// are the link between an address and a token.
pub async fn outbox_delete_wave(
    tx: &mut crate::store::Tx,
    wave_id: i64,
) -> crate::store::Result<()> {
    crate::on_tx!(tx, |c| {
        sqlx::query("DELETE FROM outbox WHERE wave_id = $1")
            .bind(wave_id)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// Keeps one message in the outbox.
pub async fn outbox_add(
    db: &Db,
    wave_id: Option<i64>,
    to: &str,
    subject: &str,
    body: &str,
) -> crate::store::Result<()> {
    outbox_add_with(db, wave_id, to, subject, body, None).await
}

/// Keeps one message with its attachment in the outbox.
pub async fn outbox_add_with(
    db: &Db,
    wave_id: Option<i64>,
    to: &str,
    subject: &str,
    body: &str,
    attachment: Option<&Attachment>,
) -> crate::store::Result<()> {
    on_db!(db, |p| {
        sqlx::query(
            "INSERT INTO outbox (wave_id, recipient, subject, body, created_at, \
             attachment_name, attachment_type, attachment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(wave_id)
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(crate::store::now())
        .bind(attachment.map(|a| a.name.clone()))
        .bind(attachment.map(|a| a.content_type.clone()))
        .bind(attachment.map(|a| a.bytes.clone()))
        .execute(p)
        .await?;
    });
    Ok(())
}

/// The attachment of outbox message `id`, if it has one.
pub async fn outbox_attachment(db: &Db, id: i64) -> crate::store::Result<Option<Attachment>> {
    type Row = (Option<String>, Option<String>, Option<Vec<u8>>);
    let row: Option<Row> = on_db!(db, |p| {
        sqlx::query_as(
            "SELECT attachment_name, attachment_type, attachment FROM outbox WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(p)
        .await?
    });
    Ok(match row {
        Some((Some(name), Some(content_type), Some(bytes))) => Some(Attachment {
            name,
            content_type,
            bytes,
        }),
        _ => None,
    })
}

/// A page of the outbox, newest first, and how many messages it holds.
pub async fn outbox(
    db: &Db,
    limit: i64,
    offset: i64,
) -> crate::store::Result<(Vec<OutboxMessage>, i64)> {
    let (rows, total): (Vec<OutboxMessage>, (i64,)) = on_db!(db, |p| {
        let rows = sqlx::query_as(
            "SELECT id, recipient, subject, body, created_at, attachment_name FROM outbox \
             ORDER BY id DESC LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await?;
        let total = sqlx::query_as("SELECT COUNT(*) FROM outbox")
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    Ok((rows, total.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_shape() {
        assert!(plausible_address("j.jansen@roc-voorbeeld.nl"));
        assert!(plausible_address("p.de-vries+monitor@mbo.example.nl"));
        for bad in [
            "",
            "jan",
            "jan@",
            "@x.nl",
            "jan@nl",
            "jan @x.nl",
            "a@b@c.nl",
            "jan@x.nl,",
            "jan@x.nl>",
            "<jan@x.nl>",
            "jan@.nl",
            "jan@x.",
            "jan@x..nl",
        ] {
            assert!(!plausible_address(bad), "{bad}");
        }
    }

    #[test]
    fn a_masked_link_keeps_the_host_and_hides_the_token() {
        let t = "0123456789abcdef0123456789abcdef";
        let m = mask_link(&format!("https://bekwaam.test/s/{t}"));
        assert_eq!(m, "https://bekwaam.test/s/•••••••");
        assert!(!mask_link(t).contains(t));
        assert_eq!(
            mask_link(&format!("https://bekwaam.test/events/cancel/{t}")),
            "https://bekwaam.test/events/cancel/•••••••"
        );
    }

    #[test]
    fn the_password_is_not_in_debug_output() {
        let s = SmtpSettings {
            password: Some("geheim".into()),
            ..Default::default()
        };
        assert!(!format!("{s:?}").contains("geheim"));
    }
}
