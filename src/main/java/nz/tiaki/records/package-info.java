/**
 * Clinical entries (conditions, medications, allergies, immunisations, results, notes) held
 * as FHIR R4 JSON, sealed per patient, with the rules for releasing results and notes.
 */
package nz.tiaki.records;
