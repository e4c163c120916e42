/** The event's colour (contracts/accent.ts): the admin form's choice, in English. */
export const accent = {
  label: "Colour",
  hint: "Buttons, links and the top bar of the event's pages, and the button in its emails.",
  error: "Choose one of the colours shown.",
  names: {
    indigo: "Indigo",
    teal: "Teal",
    green: "Green",
    orange: "Orange",
    rose: "Rose",
    plum: "Plum",
    slate: "Slate",
  },
};
