import { command, readableContract } from "../command.ts";
import { contractId } from "../schemas.ts";
import { contractPdf } from "../pdf.ts";

// The gateway route is marked binary: it sends these bytes with this content type.
export default command({
  name: "printContract",
  input: contractId,
  async run(ctx, input) {
    const contract = await readableContract(ctx, input.id);
    const pdf = await contractPdf(contract);
    return {
      contentType: "application/pdf",
      filename: `contract-${contract.id}.pdf`,
      base64: Buffer.from(pdf).toString("base64"),
    };
  },
});
