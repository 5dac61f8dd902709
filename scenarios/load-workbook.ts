export async function readWorkbookProposal(file: string, options: object): Promise<never> { throw new Error(String([file, options])); }
