print("symbolforge")
