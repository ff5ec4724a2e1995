import { OPERATOR_ROLES, type OperatorRow } from './types';

/// An operator's role as a choice (roles with operators:write): choosing another asks the
/// server at once (PATCH /v1/operators/:id); a refusal leaves the row's role as the server has it.
export function RoleSelect({ row, disabled, onChange }: { row: OperatorRow; disabled: boolean; onChange: (role: string) => void }) {
  const id = `role-${row.id}`;
  return (
    <>
      <label for={id} class="visually-hidden">Role of {row.email}</label>
      <select id={id} value={row.role} disabled={disabled} onChange={(e) => {
        const chosen = e.currentTarget.value;
        e.currentTarget.value = row.role; // the page shows the new role once the server has it
        onChange(chosen);
      }}>
        {OPERATOR_ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
      </select>
    </>
  );
}
