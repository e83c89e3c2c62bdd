package se.pks.stream.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the signed-in person may see and change. Leadership reads every organisation; a production manager reads and
 * changes the organisations granted to them. Grants are roles named {@code org:<organisationId>}, so the same rule
 * works for the local user store (roles in the properties file) and for the region's identity provider (a groups
 * claim in the token) without a grant table to keep in step.
 */
@RequestScoped
public class AccessScope {

    public static final String LEADERSHIP = "leadership";
    public static final String PRODUCTION_MANAGER = "production-manager";
    /**
     * The region's analysts who keep the unit register, the plans and the production calendar. A separate role because
     * a unit's providerId decides which provider may report for it: changing the register is not a reader's right.
     */
    public static final String PLANNER = "planner";
    /**
     * An organisation's approver (docs/approval.md): approves the organisation's months and tertials once its units are
     * approved, for the organisations of their {@code org:} grants. Usually held beside production-manager.
     */
    public static final String APPROVER = "approver";
    private static final String GRANT_PREFIX = "org:";
    /** A region's approver holds {@code approver} and {@code region:<regionId>} (docs/approval.md). */
    private static final String REGION_GRANT_PREFIX = "region:";

    @Inject
    SecurityIdentity identity;

    /** The person's user id in the identity store (never a name or personal identity number). */
    public String user() {
        return identity.getPrincipal().getName();
    }

    public boolean readsAll() {
        return identity.hasRole(LEADERSHIP);
    }

    /** The organisations granted to a production manager; empty for anyone else. */
    public Set<String> grantedOrganisations() {
        final Set<String> granted = new TreeSet<>();
        if (identity.hasRole(PRODUCTION_MANAGER)) {
            for (final String role : identity.getRoles()) {
                if (role.startsWith(GRANT_PREFIX) && role.length() > GRANT_PREFIX.length()) {
                    granted.add(role.substring(GRANT_PREFIX.length()));
                }
            }
        }
        return granted;
    }

    /** The organisations whose periods the person may approve as their approver; empty without the role. */
    public Set<String> approvableOrganisations() {
        final Set<String> granted = new TreeSet<>();
        if (identity.hasRole(APPROVER)) {
            for (final String role : identity.getRoles()) {
                if (role.startsWith(GRANT_PREFIX) && role.length() > GRANT_PREFIX.length()) {
                    granted.add(role.substring(GRANT_PREFIX.length()));
                }
            }
        }
        return granted;
    }

    /** The regions whose periods the person may approve as their approver; empty without the role. */
    public Set<String> approvableRegions() {
        final Set<String> granted = new TreeSet<>();
        if (identity.hasRole(APPROVER)) {
            for (final String role : identity.getRoles()) {
                if (role.startsWith(REGION_GRANT_PREFIX) && role.length() > REGION_GRANT_PREFIX.length()) {
                    granted.add(role.substring(REGION_GRANT_PREFIX.length()));
                }
            }
        }
        return granted;
    }

    /** Whom the approvals of an organisation concern: its production managers and approvers, and leadership. */
    public boolean mayReadApprovals(final String organisationId) {
        return mayRead(organisationId) || approvableOrganisations().contains(organisationId);
    }

    public boolean mayRead(final String organisationId) {
        return readsAll() || grantedOrganisations().contains(organisationId);
    }

    public boolean mayChange(final String organisationId) {
        return grantedOrganisations().contains(organisationId);
    }

    /** Answers 403 naming the organisation unless the person may read it. */
    public void requireRead(final String organisationId) {
        if (!mayRead(organisationId)) {
            throw ProblemException.forbidden("You have no access to organisation " + organisationId);
        }
    }

    /** Answers 403 naming the organisation unless the person may change its alerts and actions. */
    public void requireChange(final String organisationId) {
        if (!mayChange(organisationId)) {
            throw ProblemException.forbidden("You may not change alerts or actions of organisation " + organisationId);
        }
    }
}
