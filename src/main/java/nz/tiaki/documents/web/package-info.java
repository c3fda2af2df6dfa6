/**
 * The patient's documents pages and the download endpoint.
 */
package nz.tiaki.documents.web;
