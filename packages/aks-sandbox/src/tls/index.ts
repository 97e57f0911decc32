export {
  CA_CERT_FILE,
  CA_FILES,
  loadOrCreateCa,
  issueServerCertificate,
} from './certificates';
export type { CertificateAuthority, ServerCertificate } from './certificates';
