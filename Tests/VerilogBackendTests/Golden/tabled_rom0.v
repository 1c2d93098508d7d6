// tabled_rom0: tanh table, 16 entries on [-8.0, 8.0), clamped, argument scale 1.0, midpoint sampling.
// Argument ap_fixed<8,8,AP_TRN,AP_WRAP,0>, entries ap_fixed<10,4,AP_RND,AP_WRAP,0>; distributed (LUT) ROM, combinational read.
`timescale 1ns / 1ps
`default_nettype none
module tabled_rom0 (
    input wire [3:0] addr,
    output wire signed [9:0] dout
);
    (* rom_style = "logic" *)
    reg [9:0] rom [0:15];
    initial begin
        rom[0] = 10'h3c0;
        rom[1] = 10'h3c0;
        rom[2] = 10'h3c0;
        rom[3] = 10'h3c0;
        rom[4] = 10'h3c0;
        rom[5] = 10'h3c1;
        rom[6] = 10'h3c6;
        rom[7] = 10'h3e2;
        rom[8] = 10'h1e;
        rom[9] = 10'h3a;
        rom[10] = 10'h3f;
        rom[11] = 10'h40;
        rom[12] = 10'h40;
        rom[13] = 10'h40;
        rom[14] = 10'h40;
        rom[15] = 10'h40;
    end
    assign dout = $signed(rom[addr]);
endmodule

`default_nettype wire
