/**
 * Connected apps: the OAuth 2 / SMART on FHIR authorisation server inside the portal. Patients
 * approve apps on a consent page after both factors; a practice's own system signs in with a
 * key pair and reaches only that practice's patients. Tokens are opaque, stored only as
 * digests, checked on every call, and revocable at once.
 */
package nz.tiaki.apps;
