import { fireEvent, screen, waitFor, within } from '@testing-library/react';

/** Picks an option in one of the access table's filter selects, and waits for the menu to close. */
export async function chooseFilter(filter: string, option: string) {
  const id = `aks-access-filter-${filter.toLocaleLowerCase('en-US')}`;
  fireEvent.mouseDown(document.getElementById(id)!);
  fireEvent.click(within(await screen.findByRole('listbox')).getByText(option));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}
