export { loadOrCreateCa, issueServerCertificate } from './certificates';
export type { CertificateAuthority, ServerCertificate } from './certificates';
