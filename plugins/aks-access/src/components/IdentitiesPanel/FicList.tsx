import type { FederatedIdentityCredential } from '@aks-access/plugin-aks-access-common';
import { StatusError, StatusOK } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

export const FicList = ({
  fics,
}: {
  fics: readonly FederatedIdentityCredential[];
}) => (
  <Table size="small" aria-label="Federated identity credentials">
    <TableHead>
      <TableRow>
        <TableCell>Federated credential</TableCell>
        <TableCell>Issuer</TableCell>
        <TableCell>Subject</TableCell>
        <TableCell>Audience</TableCell>
        <TableCell>Check</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {fics.map(fic => (
        <TableRow key={fic.name}>
          <TableCell>{fic.name}</TableCell>
          <TableCell>{fic.issuer}</TableCell>
          <TableCell>{fic.subject}</TableCell>
          <TableCell>{fic.audiences.join(', ')}</TableCell>
          <TableCell>
            {/* The backend's checks, as it made them */}
            {fic.mismatches.length === 0 ? (
              <StatusOK>matches</StatusOK>
            ) : (
              fic.mismatches.map(text => (
                <div key={text}>
                  <StatusError>{text}</StatusError>
                </div>
              ))
            )}
          </TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
