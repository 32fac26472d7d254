//! Accounts, roles and the one place where access is decided.
//!
//! Roles follow DESIGN.md ("Who uses it"). A user holds one or more grants;
//! a coordinator grant is scoped to one institution. Every handler asks
//! [`policy::allows`] through [`CurrentUser::require`] or
//! [`CurrentUser::require_institution`]; hiding a link is never the guard.

pub mod password;
pub mod routes;
pub mod session;
pub mod store;
pub mod throttle;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::institutions::InstitutionCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Programmamanager: runs the programme, sees everything.
    ProgrammeManager,
    /// Stuurgroep: read-only dashboards and frozen reports.
    SteeringGroup,
    /// Onderzoeker: sector analysis and pseudonymised microdata.
    Researcher,
    /// Instellingscoördinator: own institution only.
    Coordinator,
    /// Expert, network member, teacher-researcher or educationalist.
    Expert,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::ProgrammeManager,
        Role::SteeringGroup,
        Role::Researcher,
        Role::Coordinator,
        Role::Expert,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::ProgrammeManager => "programme_manager",
            Role::SteeringGroup => "steering_group",
            Role::Researcher => "researcher",
            Role::Coordinator => "coordinator",
            Role::Expert => "expert",
        }
    }

    /// Catalogue key of the role's UI name.
    pub fn label_key(self) -> String {
        format!("role-{}", self.code().replace('_', "-"))
    }

    /// Whether a grant of this role names an institution: required for a
    /// coordinator, optional for an expert (their home institution), absent
    /// for the programme-wide roles.
    pub fn institution_rule(self) -> InstitutionRule {
        match self {
            Role::Coordinator => InstitutionRule::Required,
            Role::Expert => InstitutionRule::Optional,
            _ => InstitutionRule::Forbidden,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstitutionRule {
    Required,
    Optional,
    Forbidden,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Role, ()> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or(())
    }
}

/// One role held by a user, possibly scoped to an institution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Grant {
    pub role: Role,
    #[schema(value_type = Option<String>)]
    pub institution: Option<InstitutionCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("role {0} needs an institution")]
    InstitutionRequired(Role),
    #[error("role {0} is programme-wide and takes no institution")]
    InstitutionNotAllowed(Role),
}

impl GrantError {
    pub fn msg(&self) -> crate::i18n::Msg {
        match self {
            GrantError::InstitutionRequired(_) => {
                crate::i18n::Msg::new("grant-institution-required")
            }
            GrantError::InstitutionNotAllowed(_) => {
                crate::i18n::Msg::new("grant-institution-not-allowed")
            }
        }
    }
}

impl Grant {
    /// A grant that respects the role's institution rule.
    pub fn new(role: Role, institution: Option<InstitutionCode>) -> Result<Grant, GrantError> {
        match (role.institution_rule(), &institution) {
            (InstitutionRule::Required, None) => Err(GrantError::InstitutionRequired(role)),
            (InstitutionRule::Forbidden, Some(_)) => Err(GrantError::InstitutionNotAllowed(role)),
            _ => Ok(Grant { role, institution }),
        }
    }
}

/// Something a user may want to do. Institution-scoped actions are checked
/// with the institution in question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See the list of all institutions and their registry data.
    ListInstitutions,
    /// See one institution's pages.
    ViewInstitution,
    /// Create, edit and import institutions.
    ManageInstitutions,
    /// Create accounts, grant roles, reset passwords.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// See every wave of the monitor and its fieldwork.
    ViewWaves,
    /// Create waves and move them through their states.
    ManageWaves,
    /// Invite teachers of an institution and follow its fieldwork.
    Invite,
    /// Define an institution's teams and colleges.
    ManageUnits,
    /// Read outgoing e-mail held in the outbox (no SMTP configured).
    ViewOutbox,
    /// See an institution's monitor report and praatplaat by name, whether
    /// or not it consented to be named (its own coordinator, the programme
    /// manager).
    ViewInstitutionReport,
    /// See the report by name of an institution that consented to be named
    /// in the sector report, and only of those (steering group, researchers:
    /// the sector report's consent rule, issue 13). Use
    /// [`CurrentUser::may_view_institution_report`], which joins the two.
    ViewConsentedInstitutionReport,
    /// See the sector report (all institutions, anonymous unless named).
    ViewSectorReport,
    /// Export pseudonymised microdata (researchers only: DESIGN.md).
    ExportMicrodata,
    /// Import responses of waves measured elsewhere.
    ImportResponses,
    /// Record whether an institution may be named in the sector report.
    SetReportConsent,
    /// Review an institution's open answers before they are shown.
    ReviewOpenAnswers,
    /// See the programme dashboard, milestones, KPIs and steering reports.
    ViewProgramme,
    /// Edit the programme definition, record milestones and KPI figures.
    ManageProgramme,
    // --- policy (issue 14) ---
    /// Read an institution's policy status, history and documents (its
    /// coordinator; the programme roles for every institution).
    ViewPolicy,
    /// Change an institution's policy status and documents (its
    /// coordinator, the programme manager).
    EditPolicy,
    /// The sector view of every institution's policy, by name (programme
    /// roles).
    ViewPolicySector,
    /// The shared policy library of the hr-directors network: documents
    /// institutions chose to share (coordinators, programme roles).
    ViewSharedPolicy,
    // --- scan (issue 14, item 7) ---
    /// Read the published sector scan reports (programme roles).
    ViewScan,
    /// Manage the scan's codebook, rounds and interview records, and
    /// publish a round's report (researchers, the programme manager).
    ManageScan,
    /// Read an institution's interview records (its coordinator; the
    /// researchers and the programme manager for every institution).
    ViewScanRecord,
    // --- networks (issue 15) ---
    /// Read the networks, their members, meetings and attendance (every
    /// signed-in role of the programme).
    ViewNetworks,
    /// Create networks, add and end members, record, change and delete
    /// meetings with attendance (the programme manager).
    ManageNetworks,
    // --- workshops (issue 15, items 1-3 and 7) ---
    /// Record meetings of, and experiments in, the networks and workshops
    /// one is a current member of (the Expert role: experts, network
    /// members, teacher-researchers, educationalists). Membership is data:
    /// `networks::service::may_record` joins the grant and the member row.
    RecordOwnNetwork,
    /// Ask a workshop for an experiment: the steering group for itself, an
    /// expert for an IBP, IM or DD&VDO network they are a member of.
    RequestExperiment,
    // --- library (issue 16) ---
    /// Add, change, publish and withdraw library items and their files,
    /// and moderate usage reports (the programme manager only; the
    /// public reads what is published without signing in).
    ManageLibrary,
    // --- events (issue 16, item 4) ---
    /// Create, change and delete knowledge-sharing events, read their
    /// attendee lists and export them (the programme manager only; the
    /// public reads the announcements and registers without signing in).
    ManageEvents,
}

pub mod policy {
    //! Who may do what: a pure function of the grants.
    use super::{Action, Grant, Role};
    use crate::institutions::InstitutionCode;

    /// Whether `grants` allow `action`, on `institution` where the action
    /// is about one institution.
    pub fn allows(grants: &[Grant], action: Action, institution: Option<&InstitutionCode>) -> bool {
        grants.iter().any(|g| grant_allows(g, action, institution))
    }

    fn grant_allows(g: &Grant, action: Action, institution: Option<&InstitutionCode>) -> bool {
        use Action::*;
        match (g.role, action) {
            // Microdata only for the researcher role (DESIGN.md, privacy rules).
            (Role::Researcher, ExportMicrodata) => true,
            (_, ExportMicrodata) => false,
            (Role::ProgrammeManager, _) => true,
            (
                Role::SteeringGroup | Role::Researcher,
                ListInstitutions
                | ViewInstitution
                | ViewWaves
                | ViewConsentedInstitutionReport
                | ViewSectorReport,
            ) => true,
            // The steering group reads the programme; it changes nothing.
            (Role::SteeringGroup, ViewProgramme) => true,
            // --- policy (issue 14): programme roles read every institution.
            (
                Role::SteeringGroup | Role::Researcher,
                ViewPolicy | ViewPolicySector | ViewSharedPolicy,
            ) => true,
            (Role::Coordinator, ViewSharedPolicy) => true,
            // --- scan (issue 14, item 7): researchers run it, the steering
            // group reads its published reports, a coordinator reads the
            // own institution's record.
            (Role::SteeringGroup | Role::Researcher, ViewScan) => true,
            (Role::Researcher, ManageScan | ViewScanRecord) => true,
            (Role::Coordinator, ViewScanRecord) => {
                institution.is_some() && g.institution.as_ref() == institution
            }
            // --- networks (issue 15): the programme manager manages them
            // (matched above); everyone else with a role reads.
            (
                Role::SteeringGroup | Role::Researcher | Role::Expert | Role::Coordinator,
                ViewNetworks,
            ) => true,
            // --- workshops (issue 15, item 7): members record their own.
            (Role::Expert, RecordOwnNetwork | RequestExperiment) => true,
            (Role::SteeringGroup, RequestExperiment) => true,
            (Role::Coordinator, ViewPolicy | EditPolicy) => {
                institution.is_some() && g.institution.as_ref() == institution
            }
            (
                Role::Coordinator,
                ViewInstitution
                | Invite
                | ManageUnits
                | ViewInstitutionReport
                | SetReportConsent
                | ReviewOpenAnswers,
            ) => institution.is_some() && g.institution.as_ref() == institution,
            _ => false,
        }
    }
}

/// The signed-in user as every handler sees it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub grants: Vec<Grant>,
    #[serde(skip)]
    pub must_change_password: bool,
}

/// Parses a username: 3 to 64 characters of a-z, 0-9, `.`, `-`, `_`, `@`.
pub fn parse_username(s: &str) -> Result<String, crate::i18n::Msg> {
    let u = s.trim().to_lowercase();
    let ok_chars = u
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_@".contains(c));
    if (3..=64).contains(&u.chars().count()) && ok_chars {
        Ok(u)
    } else {
        Err(crate::i18n::Msg::new("username-invalid"))
    }
}

/// The policy refused: the signed-in user may not do this (here, or for
/// this institution). The web layer answers 403.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("forbidden")]
pub struct Forbidden;

impl CurrentUser {
    pub fn can(&self, action: Action) -> bool {
        policy::allows(&self.grants, action, None)
    }

    pub fn can_for(&self, action: Action, institution: &InstitutionCode) -> bool {
        policy::allows(&self.grants, action, Some(institution))
    }

    /// Whether this user may read `institution`'s report by name, given
    /// whether it consented to be named: its coordinator and the programme
    /// manager always, steering group and researchers only with consent.
    pub fn may_view_institution_report(
        &self,
        institution: &InstitutionCode,
        consented: bool,
    ) -> bool {
        self.can_for(Action::ViewInstitutionReport, institution)
            || (consented && self.can_for(Action::ViewConsentedInstitutionReport, institution))
    }

    pub fn require(&self, action: Action) -> Result<&Self, Forbidden> {
        if self.can(action) {
            Ok(self)
        } else {
            Err(Forbidden)
        }
    }

    pub fn require_institution(
        &self,
        action: Action,
        institution: &InstitutionCode,
    ) -> Result<&Self, Forbidden> {
        if self.can_for(action, institution) {
            Ok(self)
        } else {
            Err(Forbidden)
        }
    }

    /// The institutions this user is scoped to as coordinator.
    pub fn coordinated_institutions(&self) -> Vec<&InstitutionCode> {
        self.grants
            .iter()
            .filter(|g| g.role == Role::Coordinator)
            .filter_map(|g| g.institution.as_ref())
            .collect()
    }

    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor::user(self.id, &self.username)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> InstitutionCode {
        s.parse().unwrap()
    }

    #[test]
    fn a_coordinator_sees_only_their_own_institution() {
        let g = vec![Grant::new(Role::Coordinator, Some(code("25AA"))).unwrap()];
        assert!(policy::allows(
            &g,
            Action::ViewInstitution,
            Some(&code("25AA"))
        ));
        assert!(!policy::allows(
            &g,
            Action::ViewInstitution,
            Some(&code("25BB"))
        ));
        assert!(!policy::allows(&g, Action::ViewInstitution, None));
        assert!(!policy::allows(&g, Action::ListInstitutions, None));
        assert!(!policy::allows(
            &g,
            Action::ManageInstitutions,
            Some(&code("25AA"))
        ));
        assert!(policy::allows(&g, Action::Invite, Some(&code("25AA"))));
        assert!(!policy::allows(&g, Action::Invite, Some(&code("25BB"))));
        assert!(!policy::allows(&g, Action::ViewWaves, None));
        assert!(!policy::allows(&g, Action::ManageWaves, None));
    }

    #[test]
    fn the_steering_group_reads_but_does_not_manage() {
        let g = vec![Grant::new(Role::SteeringGroup, None).unwrap()];
        assert!(policy::allows(&g, Action::ListInstitutions, None));
        assert!(!policy::allows(&g, Action::ManageInstitutions, None));
        assert!(!policy::allows(&g, Action::ManageUsers, None));
        assert!(!policy::allows(&g, Action::ViewAudit, None));
    }

    #[test]
    fn grants_follow_the_institution_rule_of_their_role() {
        assert_eq!(
            Grant::new(Role::Coordinator, None),
            Err(GrantError::InstitutionRequired(Role::Coordinator))
        );
        assert_eq!(
            Grant::new(Role::SteeringGroup, Some(code("25AA"))),
            Err(GrantError::InstitutionNotAllowed(Role::SteeringGroup))
        );
        assert!(Grant::new(Role::Expert, None).is_ok());
        assert!(Grant::new(Role::Expert, Some(code("25AA"))).is_ok());
    }

    #[test]
    fn institution_reports_by_name_follow_the_consent_rule() {
        let user = |role, inst: Option<&str>| CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            grants: vec![Grant::new(role, inst.map(code)).unwrap()],
            must_change_password: false,
        };
        let a = code("25AA");
        for role in [Role::SteeringGroup, Role::Researcher] {
            let u = user(role, None);
            assert!(
                !u.may_view_institution_report(&a, false),
                "{role:?} without consent"
            );
            assert!(
                u.may_view_institution_report(&a, true),
                "{role:?} with consent"
            );
        }
        let pm = user(Role::ProgrammeManager, None);
        assert!(pm.may_view_institution_report(&a, false));
        let own = user(Role::Coordinator, Some("25AA"));
        assert!(own.may_view_institution_report(&a, false));
        let other = user(Role::Coordinator, Some("25BB"));
        assert!(
            !other.may_view_institution_report(&a, true),
            "consent is not for other coordinators"
        );
        let expert = user(Role::Expert, None);
        assert!(!expert.may_view_institution_report(&a, true));
    }

    #[test]
    fn no_grants_allow_nothing() {
        assert!(!policy::allows(&[], Action::ListInstitutions, None));
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>(), Ok(r));
        }
    }
}
