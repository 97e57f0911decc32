import { z } from 'zod/v3';
import { namespaceNameSchema, serviceAccountNameSchema } from './names';

export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/*
 * The API server would default an empty apiGroup on User and Group subjects,
 * but the guide this product replaces writes `apiGroup: ""` on a Group, and
 * aks-access writes subjects exactly; so the wrong value is refused loudly.
 */
function rbacApiGroup(kind: 'Group' | 'User') {
  return z.literal(RBAC_API_GROUP, {
    errorMap: () => ({
      message: `a ${kind} subject must have apiGroup "${RBAC_API_GROUP}" (not "" — that is only for ServiceAccount subjects)`,
    }),
  });
}

const subjectName = z.string().min(1, 'subject name must not be empty');

/** A RoleBinding / ClusterRoleBinding subject (rbac.authorization.k8s.io/v1). */
export const kubernetesSubjectSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('Group'),
        name: subjectName,
        apiGroup: rbacApiGroup('Group'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('User'),
        name: subjectName,
        apiGroup: rbacApiGroup('User'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('ServiceAccount'),
        name: serviceAccountNameSchema,
        namespace: namespaceNameSchema,
        apiGroup: z
          .literal('', {
            errorMap: () => ({
              message:
                'a ServiceAccount subject must have apiGroup "" (the core group) or none',
            }),
          })
          .optional(),
      })
      .strict(),
  ],
  {
    errorMap: (issue, ctx) =>
      issue.code === z.ZodIssueCode.invalid_union_discriminator
        ? { message: 'subject kind must be Group, User or ServiceAccount' }
        : { message: ctx.defaultError },
  },
);

export type KubernetesSubject = z.infer<typeof kubernetesSubjectSchema>;
