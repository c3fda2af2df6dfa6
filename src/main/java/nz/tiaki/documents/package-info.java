/**
 * Documents: sealed content, an upload pipeline that checks what a file really is, and
 * single-use, session-bound download links that stamp every PDF page.
 */
package nz.tiaki.documents;
