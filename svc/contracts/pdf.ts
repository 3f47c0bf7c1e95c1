// The printable contract: a PDF (pdf-lib) with the contract's details and its milestones, wrapped and paginated.
import { PDFDocument, PageSizes, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { centsToDecimal, exactDecimal, toCents } from "../runtime/money.ts";
import type { ContractView } from "./views.ts";

const margin = 50;
const grey = rgb(0.35, 0.35, 0.35);

/** The standard fonts encode WinAnsi only: anything else prints as "?" instead of failing the document. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, "?");

/** Lines no wider than `width`; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of printable(text).split(/\r?\n/)) {
    let line = "";
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (!fits(word)) {
        let cut = word.length - 1;
        while (cut > 1 && !fits(word.slice(0, cut))) cut--;
        if (line) {
          lines.push(line);
          line = "";
        }
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  constructor(
    private doc: PDFDocument,
    private regular: PDFFont,
    private bold: PDFFont,
  ) {
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage(PageSizes.A4);
    this.y = this.page.getHeight() - margin;
  }

  text(text: string, opts: { size?: number; bold?: boolean; indent?: number; color?: ReturnType<typeof rgb> } = {}) {
    const { size = 10, indent = 0, color } = opts;
    const font = opts.bold ? this.bold : this.regular;
    for (const line of wrap(text, font, size, this.page.getWidth() - 2 * margin - indent)) {
      if (this.y - size * 1.4 < margin) this.newPage();
      this.y -= size * 1.4;
      if (line) this.page.drawText(line, { x: margin + indent, y: this.y, size, font, color });
    }
  }

  field(label: string, value: string) {
    this.text(`${label}: ${value}`);
  }

  gap(points = 8) {
    this.y -= points;
  }
}

const money = (amount: number) => exactDecimal(amount);
const timestamp = (t: Date | string) => new Date(t).toISOString().replace("T", " ").slice(0, 19) + " UTC";

export async function contractPdf(contract: ContractView): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`WorkUp contract ${contract.id}`);
  doc.setSubject(printable(contract.jobTitle));
  doc.setProducer("WorkUp contracts service");
  doc.setCreator("WorkUp");
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  w.text("WorkUp contract", { size: 18, bold: true });
  w.gap();
  w.text(contract.jobTitle, { size: 13, bold: true });
  w.gap(4);
  w.field("Contract ID", contract.id);
  w.field("Status", contract.status);
  w.field("Job ID", contract.jobId);
  w.field("Proposal ID", contract.proposalId);
  w.field("Client ID", contract.clientId);
  w.field("Freelancer ID", contract.freelancerId);
  w.field("Created", timestamp(contract.createdAt));
  w.field("Last updated", timestamp(contract.updatedAt));

  const total = contract.milestones.reduce((sum, m) => sum + toCents(m.amount), 0n);
  w.gap(12);
  w.text(`Milestones (${contract.milestones.length}, total ${centsToDecimal(total)})`, { size: 13, bold: true });
  contract.milestones.forEach((m, i) => {
    w.gap(6);
    w.text(`${i + 1}. ${m.description}`, { bold: true });
    w.text(`Amount: ${money(m.amount)}    Due: ${m.dueDate}    Status: ${m.status}`, { indent: 14 });
    w.text(`Milestone ID: ${m.id}`, { indent: 14, size: 8, color: grey });
  });

  w.gap(16);
  w.text(`Printed ${timestamp(new Date())}`, { size: 8, color: grey });
  return doc.save({ useObjectStreams: false });
}
